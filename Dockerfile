# syntax=docker/dockerfile:1
#
# One image for every fund-desk service. The service to run is chosen by SERVICE:
#
#   docker build --build-arg SERVICE=gateway -t fund-desk-gateway .   # SERVICE baked in
#   docker build -t fund-desk:1.2.3 .                                 # generic image ...
#   docker run -e SERVICE=applications -e PORT=3001 ... fund-desk:1.2.3   # ... SERVICE set at run time
#
# Starts `node dist/services/$SERVICE/src/main.js` as PID 1 (node handles SIGTERM itself).

ARG NODE_IMAGE=node:20-bookworm-slim

# ---------------------------------------------------------------------------------------------
# Only the workspace manifests (libs/*/package.json), so the `npm ci` layers below stay cached
# until a package.json or the lock file changes. (A plain `COPY libs/*/package.json` would flatten
# the directory structure.)
FROM ${NODE_IMAGE} AS manifests
WORKDIR /app
COPY libs ./libs
RUN find libs -mindepth 2 -maxdepth 2 ! -name package.json -exec rm -rf {} +

# ---------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY --from=manifests /app/libs ./libs
RUN --mount=type=cache,target=/root/.npm \
    npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# ---------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0

# Production dependencies only; npm links the workspaces (node_modules/@fund-desk/* -> libs/*).
COPY package.json package-lock.json ./
COPY --from=manifests /app/libs ./libs
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev --no-audit --no-fund

# The workspaces themselves (package.json and whatever file its `main` names, which loads the
# compiled library from dist/), then the compiled code with the built portal the gateway serves (dist/portal).
COPY --from=build /app/libs ./libs
COPY --from=build /app/dist ./dist

# Last, so every service shares all layers above.
ARG SERVICE=
ENV SERVICE=${SERVICE}
RUN if [ -n "$SERVICE" ] && [ ! -f "dist/services/$SERVICE/src/main.js" ]; then \
      echo "SERVICE=$SERVICE: dist/services/$SERVICE/src/main.js does not exist" >&2; exit 1; \
    fi

# Files stay owned by root: the service cannot modify its own code (works with a read-only root fs).
USER node

# Shell form so ${SERVICE} is expanded at run time; `exec` makes node PID 1 so it receives SIGTERM.
CMD ["sh", "-c", "exec node \"dist/services/${SERVICE:?set SERVICE to the service to run}/src/main.js\""]
