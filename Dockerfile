# Production image: the tool on real MongoDB (MONGODB_URI), no sandbox LMS.
# Node 24 is the Active LTS; package.json's engines still admit Node 20.19+ for development machines.
FROM node:24-slim
# `exam --pdf` prints through Debian's Chromium (a browser is never downloaded). The web tool itself
# never prints, so by default the image carries no browser (a few hundred MB and a large attack
# surface less); build with `--build-arg PDF=true` for an image that also prints exams to PDF.
ARG PDF=false
RUN if [ "$PDF" = true ]; then \
      apt-get update && apt-get install -y --no-install-recommends chromium fonts-dejavu-core \
      && rm -rf /var/lib/apt/lists/*; \
    fi
WORKDIR /app
ENV NODE_ENV=production
# The embedded store is an npm workspace (packages/embedded-mongo): npm ci needs its package.json to
# install its dependencies and link it into node_modules; its sources come after (tests stay out).
COPY package.json package-lock.json ./
COPY packages/embedded-mongo/package.json ./packages/embedded-mongo/
# tsx (runs the TypeScript sources) and playwright-core (drives Chromium for --pdf) are runtime
# dependencies, so dev dependencies can stay out; .ci/run checks that no runtime import needs one.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY packages/embedded-mongo/src ./packages/embedded-mongo/src
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
