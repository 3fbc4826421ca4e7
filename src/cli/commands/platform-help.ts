export const platformHelp = `exam-variants platform add --issuer URL --client-id ID --auth-url URL --token-url URL --jwks-url URL [--deployment-id ID ...] [--name NAME]
exam-variants platform list
exam-variants platform remove --issuer URL --client-id ID

Registers an LMS configured by hand (Moodle "Manually configure", a Canvas developer key).
Uses MONGODB_URI, or the embedded store under DATA_DIR (stop the server first: its data directory is locked while it runs).`;
