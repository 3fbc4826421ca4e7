# Production image: the tool on real MongoDB (MONGODB_URI), no sandbox LMS.
FROM node:20-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
# tsx (runs the TypeScript sources) is a runtime dependency, so dev dependencies can stay out.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY bin ./bin
COPY src ./src
COPY templates ./templates
COPY tsconfig.json ./
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s CMD node -e "fetch('http://127.0.0.1:3000/health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
# What `npm start` runs, without npm in between: node is PID 1's only child and gets SIGTERM directly,
# so the app closes the store connection cleanly on `docker compose stop`.
CMD ["node", "bin/exam-variants.js", "serve"]
