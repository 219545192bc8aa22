# syntax=docker/dockerfile:1
# INPS 2020 emulator: compiled to JavaScript in a build stage, run with production dependencies only,
# as the unprivileged "node" user, on the Active LTS line of Node.js (26 "Lithium", LTS since October 2026).

FROM node:26-trixie-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: the only install script is the test runner's plugin build (scripts/postinstall.cjs), not needed here.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
# src and migrations -> dist/src, dist/migrations (migrate.ts finds migrations two levels above dist/src/db)
RUN npm run build:server

FROM node:26-trixie-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# PGlite keeps its files in /data/pglite when DATABASE_URL is not set.
RUN mkdir -p /data && chown node:node /data
ENV HOST=0.0.0.0 PORT=3000 DATA_DIR=/data
VOLUME ["/data"]
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--max-old-space-size=256", "dist/src/server.js"]
