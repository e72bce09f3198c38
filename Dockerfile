# syntax=docker/dockerfile:1

# One image for every service: vault, intake (one deployment per agency), payment,
# notification, the topic setup command and the development token issuer. What runs is
# chosen by the arguments given to node, e.g.
#   docker run IMAGE dist/apps/intake/src/main.js migrate
#   docker run IMAGE dist/scripts/setup-topics.js

# Node.js 24 LTS, as everywhere else (package.json engines, CI, the README's commands).
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
# Dependencies first, so a source change reuses the installed layer. Install scripts are
# not run: the TypeScript build needs none, and some only send telemetry. That also leaves
# out the `node` devDependency's binary (it is fetched by an install script), so the build
# runs on the image's own Node 24, which is what that package exists to provide elsewhere.
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.base.json tsconfig.build.json ./
COPY apps ./apps
COPY libs ./libs
COPY scripts ./scripts
RUN npm run build

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --ignore-scripts --no-audit --no-fund
COPY --from=build /app/dist ./dist
# Reference data for `main.js seed deploy/seed` (directory, document types, procedures).
COPY deploy/seed ./deploy/seed
# Everything above stays owned by root and read-only to the process. The `node` user of the
# base image, given by number so Kubernetes' runAsNonRoot can check it is not root.
USER 1000:1000
EXPOSE 3000 3001 3002 3003 3004
ENTRYPOINT ["node"]
CMD ["dist/apps/vault/src/main.js"]
