# The app image for docker-compose.yml. Runs as the unprivileged `node` user.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY . .
USER node
EXPOSE 3000
# The same start as `npm start` (package.json), heap limit included.
CMD ["node", "--max-old-space-size=192", "--import", "tsx", "src/server.ts"]
