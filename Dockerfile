# syntax=docker/dockerfile:1

# One production image for every service: vault, intake (one deployment per agency),
# payment, notification, the portal and the topic setup command. What runs is chosen by the arguments
# given to node, e.g.
#   docker run IMAGE dist/apps/intake/src/main.js migrate
#   docker run IMAGE dist/scripts/setup-topics.js
# It holds only what tsconfig.image.json compiles: no local Kafka/PostgreSQL/Zipkin launcher
# (libs/local-infra, scripts/platform.ts), no development token issuer, no tests.
# `--target dev-issuer` builds the development token issuer on its own, for docker-compose, and
# `--target payment-sandbox` the development payment gateway, `--target dev-mailbox` the
# development mailbox and SMS sandbox.

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
COPY tsconfig.base.json tsconfig.image.json tsconfig.dev-issuer.json ./
COPY apps ./apps
COPY libs ./libs
COPY scripts ./scripts
# Only the production program: tsc follows imports, and a unit test (tsconfig-image.spec.ts)
# checks that nothing it reaches is development-only.
RUN npm run build:image

FROM build AS build-dev-issuer
RUN npm run build:dev-issuer

FROM build AS build-payment-sandbox
COPY tsconfig.payment-sandbox.json ./
RUN npm run build:payment-sandbox

FROM build AS build-dev-mailbox
COPY tsconfig.dev-mailbox.json ./
RUN npm run build:dev-mailbox

FROM ${NODE_IMAGE} AS base
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --ignore-scripts --no-audit --no-fund

# Compose only: signs a token for anyone who asks, so it is never part of the production image.
FROM base AS dev-issuer
COPY --from=build-dev-issuer /app/dist ./dist
COPY deploy/seed/dev-identities.json ./deploy/seed/dev-identities.json
USER 1000:1000
EXPOSE 3000
ENTRYPOINT ["node"]
CMD ["dist/apps/dev-issuer/src/main.js"]

# Compose only: a development stand-in for a payment intermediary.
FROM base AS payment-sandbox
COPY --from=build-payment-sandbox /app/dist ./dist
USER 1000:1000
EXPOSE 3090
ENTRYPOINT ["node"]
CMD ["dist/apps/payment-sandbox/src/main.js"]

# Compose only: a mailbox and an SMS handset for development.
FROM base AS dev-mailbox
COPY --from=build-dev-mailbox /app/dist ./dist
USER 1000:1000
EXPOSE 1025 8025 8026
ENTRYPOINT ["node"]
CMD ["dist/apps/dev-mailbox/src/main.js"]

# The production image: the last stage, so a plain `docker build` makes it.
FROM base AS runtime
COPY --from=build /app/dist ./dist
# Reference data for `main.js seed deploy/seed` (directory, document types, procedures).
COPY deploy/seed ./deploy/seed
# The portal's templates, stylesheet source and script, read (and the Sass compiled) at start.
COPY apps/portal/views ./apps/portal/views
COPY apps/portal/assets ./apps/portal/assets
# Everything above stays owned by root and read-only to the process. The `node` user of the
# base image, given by number so Kubernetes' runAsNonRoot can check it is not root.
USER 1000:1000
EXPOSE 3001 3002 3003 3004
ENTRYPOINT ["node"]
CMD ["dist/apps/vault/src/main.js"]
