# syntax=docker/dockerfile:1.7
# The demo shop's services (demo/): one jar, three roles chosen by --demo.service=order|inventory|payment,
# instrumented by the OpenTelemetry Java agent with collector-config/java-agent/otel-javaagent.properties.
# Build the jar first (./mvnw -B -DskipTests package), then from the repository root:
#   docker build -f deploy/docker/demo.Dockerfile -t opsplane/demo .
FROM eclipse-temurin:21-jre

RUN groupadd --system --gid 10001 demo \
 && useradd --system --uid 10001 --gid demo --home-dir /opt/demo --no-create-home demo \
 && mkdir -p /opt/demo /otel
WORKDIR /opt/demo

# the agent from Maven Central, checked against its SHA-256
ADD --checksum=sha256:e43a270df53c6f423e0ab157be9c27ccc01d5dc3232e162fe54777573db2f149 \
    https://repo1.maven.org/maven2/io/opentelemetry/javaagent/opentelemetry-javaagent/2.33.1/opentelemetry-javaagent-2.33.1.jar \
    /otel/opentelemetry-javaagent.jar
COPY collector-config/java-agent/otel-javaagent.properties /otel/otel-javaagent.properties
COPY --chown=demo:demo demo/target/opsplane-demo.jar /opt/demo/opsplane-demo.jar
RUN chmod 0644 /otel/opentelemetry-javaagent.jar /otel/otel-javaagent.properties

USER 10001
# OTEL_SERVICE_NAME and OTEL_EXPORTER_OTLP_ENDPOINT are set per service (they override the file)
ENV OTEL_JAVAAGENT_CONFIGURATION_FILE=/otel/otel-javaagent.properties \
    JAVA_TOOL_OPTIONS="-javaagent:/otel/opentelemetry-javaagent.jar -XX:MaxRAMPercentage=75"
# order 8091, inventory 8092, payment 8093
EXPOSE 8091 8092 8093
ENTRYPOINT ["java", "-jar", "/opt/demo/opsplane-demo.jar"]
