# The app image for docker-compose.yml. Runs as the unprivileged `node` user on Node 24 LTS.
FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
# Production dependencies only: no embedded PostgreSQL (DATABASE_URL is required), no test tools,
# and no Node binary from npm (the image brings its own Node 24).
RUN npm ci --omit=dev --no-audit --no-fund
COPY . .
# Compiled once into dist/ (tsconfig.build.json): the app runs without a TypeScript loader in memory.
RUN npm run build
USER node
EXPOSE 3000
# The same start as `npm start` (package.json), its Node flags included.
CMD ["node", "--max-old-space-size=192", "--max-semi-space-size=2", "--heap-growing-percent=20", "--no-separate-gc-phases", "--no-concurrent-recompilation", "dist/src/server.js"]
