# Spark Job Service: the service (default) and a Spark executor for Kubernetes ("executor"); see
# docs/container.md.
#
#   docker build -t spark-job-service .                                   compiles inside the build
#       (podman: add --format docker --build-arg APP_JAR_FROM=build; see docs/container.md)
#   docker build --build-arg APP_JAR_FROM=prebuilt -t spark-job-service .  takes the jar of
#       ./mvnw package (target/spark-job-service.jar and target/jvm.args)
#
# Build arguments: BASE_IMAGE (a Java 17 runtime with bash and java on PATH), BUILD_IMAGE (a JDK 17),
# APP_JAR_FROM (build | prebuilt), CDS (true | false: the class-data-sharing archive).

ARG BASE_IMAGE=eclipse-temurin:17-jre
ARG BUILD_IMAGE=eclipse-temurin:17-jdk
ARG APP_JAR_FROM=build

FROM ${BUILD_IMAGE} AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY docker/ docker/
COPY src/main/ src/main/
# tests belong to CI, not to the image build; the cache keeps ~/.m2 between builds
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -Dmaven.test.skip=true -Djacoco.skip=true -Dspotless.check.skip=true package

FROM scratch AS prebuilt
COPY target/spark-job-service.jar target/jvm.args /src/target/

# a step of its own, so that this stage is an image of its own (podman's builder fails to remove an
# alias that is only another stage's image)
FROM ${APP_JAR_FROM} AS jar
WORKDIR /src

# One directory per layer of the jar (layers.idx), so that a change of code leaves the ~330 MB of
# libraries a cached layer; the application jar's manifest names lib/, which makes it the class path
# of the executor mode as well.
FROM ${BASE_IMAGE} AS extract
WORKDIR /extract
COPY --from=jar /src/target/spark-job-service.jar ./
RUN java -Djarmode=tools -jar spark-job-service.jar extract --layers --destination layers \
    && mkdir -p layers/dependencies layers/spring-boot-loader layers/snapshot-dependencies layers/application

FROM ${BASE_IMAGE}
ARG CDS=true
# uid 10001 owns the data volume and nothing else; /app stays root's (read-only for the service)
RUN groupadd --system --gid 10001 jobservice \
    && useradd --system --uid 10001 --gid 10001 --home-dir /data --no-create-home --shell /usr/sbin/nologin jobservice \
    && mkdir /data && chown 10001:10001 /data && chmod 0750 /data
COPY --from=extract /extract/layers/dependencies/ /app/
COPY --from=extract /extract/layers/spring-boot-loader/ /app/
COPY --from=extract /extract/layers/snapshot-dependencies/ /app/
COPY --from=extract /extract/layers/application/ /app/
COPY --from=jar /src/target/jvm.args /app/
COPY docker/entrypoint.sh docker/healthcheck.sh /app/
RUN if [ "$CDS" = true ]; then /app/entrypoint.sh cds-archive; fi

ENV JOBSERVICE_DATA_DIR=/data \
    JAVA_OPTS=""
VOLUME /data
WORKDIR /app
USER 10001:10001
# HTTP; the Spark driver's RPC and block manager ports (fixed for non-local masters)
EXPOSE 8080 7078 7079
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=3 CMD ["/app/healthcheck.sh"]
ENTRYPOINT ["/app/entrypoint.sh"]
