# qbank: multi-stage build. Stage 1 builds the Quarkus fast-jar with Maven; stage 2 runs it on a JRE as a
# non-root user. In a container the service expects an external PostgreSQL, configured through the environment:
#
#   docker build -t qbank .
#   docker run -p 8080:8080 \
#     -e QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://db:5432/qbank \
#     -e QUARKUS_DATASOURCE_USERNAME=qbank -e QUARKUS_DATASOURCE_PASSWORD=... qbank
#
# (Without QUARKUS_DATASOURCE_JDBC_URL it falls back to the embedded PostgreSQL in /app/data.)

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
COPY pom.xml .
RUN mvn -B -q dependency:go-offline -DskipTests
COPY src ./src
COPY openapi ./openapi
# No training run here: a class-data-sharing archive only fits the JVM that wrote it, so the runtime stage writes its own,
# at /app/qbank.jsa: the path the run command's options (quarkus-app/jvm.args, from src/main/jvm/jvm.args) then name.
RUN mvn -B -q package -DskipTests -Dcds.skip=true -Dcds.archive=/app/qbank.jsa

FROM eclipse-temurin:17-jre
RUN groupadd --system qbank && useradd --system --gid qbank --home-dir /app --shell /usr/sbin/nologin qbank
WORKDIR /app
COPY --from=build --chown=qbank:qbank /build/target/quarkus-app/lib/ ./lib/
COPY --from=build --chown=qbank:qbank /build/target/quarkus-app/*.jar /build/target/quarkus-app/jvm.args ./
COPY --from=build --chown=qbank:qbank /build/target/quarkus-app/app/ ./app/
COPY --from=build --chown=qbank:qbank /build/target/quarkus-app/quarkus/ ./quarkus/
RUN mkdir -p /app/data && chown qbank:qbank /app /app/data
USER qbank
# The class-data-sharing archive of this image's JVM and paths (docs/operations.md): a training run of the service on a
# throw-away embedded database, with the options of /app/jvm.args, writing the archive they name. It is also this
# image's first start: it installs the embedded PostgreSQL binaries into /tmp/embedded-pg (streamed, so 96 MB is
# enough; the image then starts on them without installing again, and a container whose /tmp is empty installs them on
# its first start the same way). An archive that cannot be written is a warning and the image starts without it; a
# service that cannot start or answer fails the build, as in `mvn package`.
RUN java -cp "/app/app/*" dev.qbank.cds.CdsTraining /app
# 8080: the API. 9000: the management interface (/q/health, /q/metrics) for the orchestrator's probes and the
# metrics scraper only: publish it to them, never to the API's public network.
EXPOSE 8080 9000
# MALLOC_ARENA_MAX is glibc's, not a JVM option, so it is set here as README command 1 sets it. The JVM options are
# those of jvm.args; JAVA_OPTS_APPEND adds to them (a later option wins over an earlier one).
ENV QUARKUS_HTTP_HOST=0.0.0.0 \
    QBANK_DATA_DIR=/app/data \
    MALLOC_ARENA_MAX=2 \
    JAVA_OPTS_APPEND=""
ENTRYPOINT ["sh", "-c", "exec java @/app/jvm.args $JAVA_OPTS_APPEND -jar /app/quarkus-run.jar"]
