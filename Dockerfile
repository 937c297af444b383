# The function as a container image for `kpt fn eval --image` / `kpt fn render` and
# kustomize `container:` functions. Same bundle as the tests test: `npm run build`.
#
#   docker build -t image-tag-mirrors:dev .
#   kpt fn eval examples/kpt-package --image image-tag-mirrors:dev

FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json ./
COPY scripts ./scripts
COPY src ./src
COPY fn ./fn
RUN npm run build && node dist/fn.js --help >/dev/null

# Distroless: node and nothing else, no shell, no package manager; runs as uid 65532.
FROM gcr.io/distroless/nodejs20-debian12:nonroot
COPY --from=build /src/dist/fn.js /fn/fn.js
USER nonroot
ENTRYPOINT ["/nodejs/bin/node", "/fn/fn.js"]
