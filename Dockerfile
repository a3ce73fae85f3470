# syntax=docker/dockerfile:1
# Multi-stage build of the EdgeGateway host. Keys are never baked in: they arrive at run time as files
# (a Kubernetes Secret volume) or environment variables; config/ is mounted from a ConfigMap.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props EdgeGateway.sln ./
COPY transforms/EdgeGateway.Transforms.csproj transforms/
COPY simulator/EdgeGateway.Simulator.csproj simulator/
COPY gateway/EdgeGateway.csproj gateway/
RUN dotnet restore gateway/EdgeGateway.csproj
COPY transforms/ transforms/
COPY simulator/ simulator/
COPY gateway/ gateway/
COPY appsettings.json ./
COPY config/ config/
RUN dotnet publish gateway/EdgeGateway.csproj -c Release -o /app --no-restore
# The configuration baked into the image must pass the gateway's own checks (offline: nothing is started).
RUN dotnet /app/EdgeGateway.dll validate /app --environment Production

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# Production defaults; everything here can be overridden by the orchestrator.
ENV ASPNETCORE_ENVIRONMENT=Production \
    ASPNETCORE_CONTENTROOT=/app \
    EdgeGateway__Sandbox__Enabled=false \
    Kestrel__Endpoints__Public__Url=http://0.0.0.0:8080 \
    Kestrel__Endpoints__Management__Url=http://0.0.0.0:9090 \
    DOTNET_USE_POLLING_FILE_WATCHER=true
EXPOSE 8080 9090
USER $APP_UID
ENTRYPOINT ["dotnet", "EdgeGateway.dll"]
