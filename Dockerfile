# keyshift's image: the gateway jar on a slim Java 17 runtime, as a non-root user (10001), with
# nothing written outside the volumes the manifests mount (deploy/kubernetes, docs/deploy.md).
#   docker build -t keyshift:0.1.0 .
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests -Dspotless.check.skip package -pl gateway -am

FROM eclipse-temurin:17-jre-noble
RUN groupadd --system --gid 10001 keyshift \
 && useradd --system --uid 10001 --gid keyshift --home-dir /var/lib/keyshift --shell /usr/sbin/nologin keyshift \
 && mkdir -p /etc/keyshift /var/lib/keyshift \
 && chown keyshift:keyshift /var/lib/keyshift
COPY --from=build /src/gateway/target/keyshift.jar /opt/keyshift/keyshift.jar
USER 10001:10001
WORKDIR /var/lib/keyshift
EXPOSE 8080 8081
ENTRYPOINT ["java", "-jar", "/opt/keyshift/keyshift.jar"]
CMD ["serve", "--config", "/etc/keyshift/keyshift.yaml"]
