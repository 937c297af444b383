# The function as a container image for `kpt fn eval --image` / `kpt fn render` and
# kustomize `container:` functions. Same bundle as the tests test: `npm run build`.
#
#   docker build -t image-tag-mirrors:dev .
#   kpt fn eval examples/kpt-package --image image-tag-mirrors:dev
#
# Node.js 26, the Active LTS line (supported until 2029-04-30; the bundle is tested on 22, 24
# and 26). Distroless publishes its Node.js images on Debian 13 only.

FROM node:26-trixie-slim AS build
WORKDIR /src
# tools/: the lock file's local packages (kustomize and lint for the tests), which npm ci links.
COPY package.json package-lock.json ./
COPY tools ./tools
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json ./
COPY scripts ./scripts
COPY src ./src
COPY fn ./fn
RUN npm run build && node dist/fn.js --version

# Distroless: node and nothing else, no shell, no package manager; runs as uid 65532.
FROM gcr.io/distroless/nodejs26-debian13:nonroot
COPY --from=build /src/dist/fn.js /src/dist/THIRD_PARTY_NOTICES.txt /fn/
COPY LICENSE /fn/LICENSE
USER nonroot
# Every kpt run starts a new container: a compile cache written in it would be thrown away
# with it (README, Troubleshooting 9), so the function does not spend time writing one.
ENV NODE_DISABLE_COMPILE_CACHE=1
ENTRYPOINT ["/nodejs/bin/node", "/fn/fn.js"]
