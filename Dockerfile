# Slimline service image.
#
#   docker build -t slimline .
#   docker run -p 127.0.0.1:8080:8080 -v /var/run/docker.sock:/var/run/docker.sock \
#       --group-add "$(stat -c %g /var/run/docker.sock)" slimline
#
# Build arguments:
#   BUILD_IMAGE        JDK 17 + Maven (gcc, make and static glibc are installed when missing)
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

# The sensor is a static C program compiled by the Maven build.
RUN if ! command -v gcc >/dev/null || ! command -v make >/dev/null \
        || [ ! -f "$(gcc -print-file-name=libc.a)" ]; then \
      apt-get update \
      && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends gcc libc6-dev make \
      && rm -rf /var/lib/apt/lists/*; \
    fi

WORKDIR /build
COPY src/main/docker/mvn-with-extra-ca.sh /usr/local/bin/mvn-with-extra-ca
ARG EXTRA_CA_PEM_B64=

# Dependencies and plugins first, in their own layer: a source change does not download them again.
COPY pom.xml ./
RUN mvn-with-extra-ca -B -ntp -q dependency:go-offline

COPY src ./src
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
ENV SLIMLINE_DATA_DIR=/var/lib/slimline \
    MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED=true
VOLUME /var/lib/slimline

USER slimline:slimline
EXPOSE 8080
# Healthy while the service is live (/actuator/health/liveness answers 200). A Docker daemon or the
# database being down shows in /actuator/health (503, with the reason) but does not make the
# container unhealthy: restarting Slimline cannot fix either.
HEALTHCHECK --interval=30s --timeout=5s --start-period=90s --retries=3 CMD ["slimline-healthcheck"]
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/slimline.jar"]
