# The Opsplane console. Build the jar first (./mvnw -B -DskipTests package), then from the repository root:
#   docker build -f deploy/docker/console.Dockerfile -t opsplane/console .
# The jar is Java 21 bytecode; any Java 21+ runtime runs it.
FROM eclipse-temurin:21-jre

# a fixed non-root user, so Kubernetes' runAsNonRoot can check it
RUN groupadd --system --gid 10001 opsplane \
 && useradd --system --uid 10001 --gid opsplane --home-dir /opt/opsplane --no-create-home opsplane \
 && mkdir -p /opt/opsplane /etc/opsplane/sagas /etc/opsplane/config \
 && chown -R opsplane:opsplane /opt/opsplane
WORKDIR /opt/opsplane
COPY --chown=opsplane:opsplane console/target/opsplane-console.jar /opt/opsplane/opsplane-console.jar
COPY --chown=opsplane:opsplane deploy/sagas/ /etc/opsplane/sagas/

USER 10001
ENV OPSPLANE_SAGAS=file:/etc/opsplane/sagas/*.yml \
    JAVA_TOOL_OPTIONS=-XX:MaxRAMPercentage=75
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/opt/opsplane/opsplane-console.jar"]
