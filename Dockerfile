# Slimline service image.
#
#   docker build -t slimline .
#   docker run -p 127.0.0.1:8080:8080 -v slimline-data:/var/lib/slimline \
#       -v /var/run/docker.sock:/var/run/docker.sock --group-add "$(stat -c %g /var/run/docker.sock)" \
#       -e SLIMLINE_DOCKER_HOSTS_0_NAME=host -e SLIMLINE_DOCKER_HOSTS_0_URI=unix:///var/run/docker.sock \
#       -e SLIMLINE_DOCKER_HOSTS_0_PUBLISHADDRESS=172.17.0.1 \
#       -e SLIMLINE_AUTH_BOOTSTRAP_TOKEN="$(openssl rand -base64 32)" slimline
#
# (the job containers' ports are published on the host's docker0 address, which the service
# reaches from its container; see README "Run with Docker" for the socket's risks)
#
# Build arguments:
#   BUILD_IMAGE        JDK 17 + Maven, Debian or Ubuntu based (gcc, make, static glibc and a cross
#                      compiler for the sensor's other architecture are installed when missing)
#   RUNTIME_IMAGE      a JRE 17 with bash (Debian or Ubuntu based)
#   EXTRA_CA_PEM_B64   base64 PEM of CA certificates Maven must trust to reach Maven Central,
#                      for builds behind a TLS-inspecting proxy; used only inside the build steps
#                      that download, never stored in a layer of either stage (docker history of
#                      the build stage shows the value: public CA certificates, not secrets)
#
# Also builds with the classic builder (Docker 20.10 without BuildKit): no RUN --mount.

ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-17
ARG RUNTIME_IMAGE=eclipse-temurin:17-jre

FROM ${BUILD_IMAGE} AS build

# The sensor is a static C program the Maven build compiles for linux/amd64 and linux/arm64: gcc,
# make and static glibc, plus a cross compiler for the other architecture (Debian/Ubuntu names).
RUN set -e; \
    case "$(dpkg --print-architecture)" in \
      amd64) cross_gcc=aarch64-linux-gnu-gcc; cross="gcc-aarch64-linux-gnu libc6-dev-arm64-cross" ;; \
      arm64) cross_gcc=x86_64-linux-gnu-gcc; cross="gcc-x86-64-linux-gnu libc6-dev-amd64-cross" ;; \
      *) echo "the sensor builds on amd64 or arm64 only" >&2; exit 1 ;; \
    esac; \
    missing=""; \
    if ! command -v gcc >/dev/null || [ ! -f "$(gcc -print-file-name=libc.a)" ]; then missing="gcc libc6-dev"; fi; \
    command -v make >/dev/null || missing="$missing make"; \
    command -v "$cross_gcc" >/dev/null || missing="$missing $cross"; \
    if [ -n "$missing" ]; then \
      apt-get update; \
      DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing; \
      rm -rf /var/lib/apt/lists/*; \
    fi

WORKDIR /build
COPY src/main/docker/mvn-with-extra-ca.sh /usr/local/bin/mvn-with-extra-ca
ARG EXTRA_CA_PEM_B64=

# Dependencies and plugins first, in their own layer: a source change does not download them again.
COPY pom.xml ./
RUN mvn-with-extra-ca -B -ntp -q dependency:go-offline

COPY src ./src
# the contract, which the service serves to its API docs
COPY openapi.yaml ./
RUN mvn-with-extra-ca -B -ntp -Dmaven.test.skip=true package \
 && cp target/slimline-*.jar /build/slimline.jar \
 && java -Djarmode=tools -jar /build/slimline.jar extract --layers --destination /build/extracted \
 && mkdir -p /build/extracted/dependencies /build/extracted/spring-boot-loader \
      /build/extracted/snapshot-dependencies /build/extracted/application

FROM ${RUNTIME_IMAGE}

RUN groupadd --system --gid 10001 slimline \
 && useradd --system --uid 10001 --gid slimline --home-dir /var/lib/slimline --no-create-home \
      --shell /usr/sbin/nologin slimline \
 && mkdir -p /var/lib/slimline \
 && chown slimline:slimline /var/lib/slimline

WORKDIR /app
# Least to most often changed, so a code change replaces only the last layer.
COPY --from=build /build/extracted/dependencies/ ./
COPY --from=build /build/extracted/spring-boot-loader/ ./
COPY --from=build /build/extracted/snapshot-dependencies/ ./
COPY --from=build /build/extracted/application/ ./
COPY src/main/docker/healthcheck.sh /usr/local/bin/slimline-healthcheck

# The embedded database, artifacts and logs; mount a volume here (or use PostgreSQL, see compose).
# The liveness probe (/actuator/health/liveness) is what the HEALTHCHECK asks.
# It listens on every interface of the container, so every request needs an API token: give the
# first admin token with -e SLIMLINE_AUTH_BOOTSTRAP_TOKEN=... (see README "Authentication").
ENV SLIMLINE_DATA_DIR=/var/lib/slimline \
    MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED=true \
    SERVER_ADDRESS=0.0.0.0 \
    SLIMLINE_AUTH_ENABLED=true
VOLUME /var/lib/slimline

USER slimline:slimline
EXPOSE 8080
# Healthy while the service is live (/actuator/health/liveness answers 200). A Docker daemon or the
# database being down shows in /actuator/health (503, with the reason) but does not make the
# container unhealthy: restarting Slimline cannot fix either.
HEALTHCHECK --interval=30s --timeout=5s --start-period=90s --retries=3 CMD ["slimline-healthcheck"]
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/slimline.jar"]
