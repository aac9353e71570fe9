# ndxp-adapters runtime image (see docs/containers.md).
#   docker build -t ndxp-adapters:0.1.0-SNAPSHOT .
# The jar is the production build (mvn -Dprod): it does not carry the sandbox's embedded PostgreSQL
# and Kafka. The same image also runs the sandbox profile (platform stand-in) in docker-compose.yml,
# where PostgreSQL and Kafka are real containers.

# ---- build ---------------------------------------------------------------------------------------
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
# Dependency layer, re-resolved only when pom.xml changes: the same package build on the POM alone
# fetches every dependency and plugin the real build uses. (Not dependency:go-offline: it also asks for
# artifacts hawtio-springboot 4.3.0 declares but Maven Central does not serve, io.hawt:hawtio-log.)
# -Dmaven.test.skip=true rather than -DskipTests: tests are not even compiled, since test sources may
# use the sandbox's classes (src/sandbox/java), which -Dprod leaves out.
COPY pom.xml ./
RUN mvn -B -Dprod -Dmaven.test.skip=true -Dspring-boot.repackage.skip=true package \
 && rm -rf target
COPY src ./src
RUN mvn -B -Dprod -Dmaven.test.skip=true package \
 && cp target/ndxp-adapters-*.jar /build/ndxp-adapters.jar

# ---- runtime -------------------------------------------------------------------------------------
# Ubuntu-based JRE; curl is part of the base image (used by HEALTHCHECK below)
FROM eclipse-temurin:17-jre
RUN groupadd --gid 10001 ndxp \
 && useradd --uid 10001 --gid 10001 --home-dir /app --no-create-home --shell /usr/sbin/nologin ndxp
# The runtime reads ./config/application.yml, ./adapters/* and ./routes/* from its working directory.
# Files stay owned by root (read-only for the runtime user). To use other adapters, routes or
# configuration, bind-mount over these folders (read-only):
#   -v "$PWD/adapters:/app/adapters:ro" -v "$PWD/routes:/app/routes:ro" -v "$PWD/config:/app/config:ro"
# (no VOLUME on purpose: anonymous volumes would keep a previous image's adapters after an upgrade)
WORKDIR /app
COPY --from=build /build/ndxp-adapters.jar /app/ndxp-adapters.jar
COPY config/ /app/config/
COPY adapters/ /app/adapters/
COPY routes/ /app/routes/
COPY jvm.options /app/jvm.options
# file-drop adapters: drop folders, receipts and SFTP work files (NDXP_FILES_DIR), writable by the runtime;
# mount a volume or the shared folder the legacy systems write to here
RUN mkdir -p /data/files && chown 10001:10001 /data/files
ENV NDXP_FILES_DIR=/data/files
# The image is the production artifact: prod unless told otherwise (the sandbox needs
# SPRING_PROFILES_ACTIVE=sandbox and SERVER_ADDRESS=0.0.0.0, see docker-compose.yml). Two malloc arenas
# instead of one per thread keep the native memory of ~250 threads small (docs/benchmarks.md: RSS).
ENV SPRING_PROFILES_ACTIVE=prod \
    PORT=8080 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError" \
    MALLOC_ARENA_MAX=2
USER 10001:10001
EXPOSE 8080
# readiness = the application's own state and its database; a legacy backend being down does not
# make the container unhealthy (see /actuator/health/adapters for that)
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=5 \
  CMD curl -fsS -o /dev/null "http://127.0.0.1:${PORT}/actuator/health/readiness" || exit 1
ENTRYPOINT ["java", "@/app/jvm.options", "-jar", "/app/ndxp-adapters.jar"]
