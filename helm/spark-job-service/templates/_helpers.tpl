{{- define "sjs.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "sjs.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "sjs.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/name: {{ include "sjs.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* The driver's pod: the Deployment's selector, both Services', the NetworkPolicy's */}}
{{- define "sjs.selectorLabels" -}}
app.kubernetes.io/name: {{ include "sjs.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: driver
{{- end -}}

{{/* Spark puts these on every executor pod; the NetworkPolicy lets such pods reach the driver's ports */}}
{{- define "sjs.executorLabels" -}}
app.kubernetes.io/name: {{ include "sjs.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: executor
{{- end -}}

{{- define "sjs.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "sjs.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "sjs.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{- define "sjs.driverServiceName" -}}
{{- printf "%s-driver" (include "sjs.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "sjs.driverHost" -}}
{{- printf "%s.%s.svc.%s" (include "sjs.driverServiceName" .) .Release.Namespace .Values.clusterDomain -}}
{{- end -}}

{{- define "sjs.master" -}}
{{- if .Values.executors.kubernetes.enabled -}}
{{- printf "k8s://%s" .Values.executors.kubernetes.apiServer -}}
{{- else -}}
{{- .Values.spark.master -}}
{{- end -}}
{{- end -}}

{{/* "true" when executors run elsewhere and connect back to the driver's ports */}}
{{- define "sjs.clusterMode" -}}
{{- if not (hasPrefix "local" (include "sjs.master" .)) -}}true{{- end -}}
{{- end -}}

{{- define "sjs.hasMonitoringApi" -}}
{{- if or (.Capabilities.APIVersions.Has "monitoring.coreos.com/v1") (has "monitoring.coreos.com/v1" .Values.apiVersions) -}}true{{- end -}}
{{- end -}}

{{- define "sjs.jwtEnabled" -}}
{{- if or .Values.auth.jwt.issuerUri .Values.auth.jwt.jwkSetUri -}}true{{- end -}}
{{- end -}}

{{/* The chart generates an admin key when nothing else would authenticate callers */}}
{{- define "sjs.generateAdminKey" -}}
{{- if and .Values.auth.generatedAdminKey.enabled (not .Values.auth.apiKeys) (not (include "sjs.jwtEnabled" .)) (not .Values.auth.allowUnauthenticated) -}}true{{- end -}}
{{- end -}}

{{/* The Secret holding the admin key's SHA-256: one of the user's, or the one the chart creates */}}
{{- define "sjs.adminKeySecretName" -}}
{{- if .Values.auth.generatedAdminKey.existingSecret -}}
{{- .Values.auth.generatedAdminKey.existingSecret -}}
{{- else -}}
{{- printf "%s-admin-key" (include "sjs.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* A value as Spark reads it. Helm reads every YAML number as a float, which prints as 1.048576e+07:
     whole numbers are written out in full */}}
{{- define "sjs.scalar" -}}
{{- if and (kindIs "float64" .) (eq (floor .) .) -}}
{{- printf "%.0f" . -}}
{{- else -}}
{{- toString . -}}
{{- end -}}
{{- end -}}

{{/* "true" when a Spark setting's value is a credential: it must be an ${ENV} reference, never literal */}}
{{- define "sjs.isCredentialKey" -}}
{{- if regexMatch "(?i)(password|\\.secret|\\.key|token|\\.account\\.key\\..+)$" . -}}true{{- end -}}
{{- end -}}

{{/* "true" when the map (first element) has the path (the rest), keys compared as Spring does:
     case, '-' and '_' do not count */}}
{{- define "sjs.hasRelaxedKey" -}}
{{- $node := first . -}}
{{- $found := true -}}
{{- range $segment := rest . -}}
{{- $want := lower $segment | replace "-" "" | replace "_" "" -}}
{{- $next := dict -}}
{{- $hit := false -}}
{{- if kindIs "map" $node -}}
{{- range $k, $v := $node -}}
{{- if eq (lower $k | replace "-" "" | replace "_" "") $want -}}
{{- $next = $v -}}
{{- $hit = true -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- if not $hit }}{{ $found = false }}{{ end -}}
{{- $node = $next -}}
{{- end -}}
{{- if $found }}true{{ end -}}
{{- end -}}

{{/* The processors the JVM should count: javaActiveProcessorCount, else the CPU limit, else the CPU
     request, rounded up; empty when none is set */}}
{{- define "sjs.activeProcessorCount" -}}
{{- $cpu := .Values.javaActiveProcessorCount -}}
{{- if not $cpu -}}
{{- $cpu = (dig "limits" "cpu" "" (.Values.resources | default dict)) | default (dig "requests" "cpu" "" (.Values.resources | default dict)) -}}
{{- end -}}
{{- if $cpu -}}
{{- $text := include "sjs.scalar" $cpu -}}
{{- $cores := 0.0 -}}
{{- if hasSuffix "m" $text -}}
{{- $cores = divf (float64 (trimSuffix "m" $text)) 1000 -}}
{{- else -}}
{{- $cores = float64 $text -}}
{{- end -}}
{{- max 1 (int (ceil $cores)) -}}
{{- end -}}
{{- end -}}

{{/* The JVM options: javaToolOptions and the processor count */}}
{{- define "sjs.javaToolOptions" -}}
{{- $opts := list -}}
{{- with .Values.javaToolOptions }}{{ $opts = append $opts . }}{{ end -}}
{{- with include "sjs.activeProcessorCount" . }}{{ $opts = append $opts (printf "-XX:ActiveProcessorCount=%s" .) }}{{ end -}}
{{- join " " $opts -}}
{{- end -}}

{{/* Whether the ServiceMonitor renders */}}
{{- define "sjs.serviceMonitor" -}}
{{- if and .Values.metrics.serviceMonitor.enabled (include "sjs.hasMonitoringApi" .) -}}true{{- end -}}
{{- end -}}

{{/* Wrong combinations fail the render with a sentence saying what to set */}}
{{- define "sjs.validate" -}}
{{- if and (not .Values.auth.apiKeys) (not (include "sjs.jwtEnabled" .)) (not .Values.auth.allowUnauthenticated) (not .Values.auth.generatedAdminKey.enabled) -}}
{{- fail "no authentication configured: without auth.apiKeys or auth.jwt the service listens on 127.0.0.1 only and its probes fail; set auth.apiKeys, auth.jwt.issuerUri, auth.generatedAdminKey.enabled=true or auth.allowUnauthenticated=true" -}}
{{- end -}}
{{- range $i, $k := .Values.auth.apiKeys -}}
{{- if and (not $k.sha256) (not $k.existingSecret) -}}
{{- fail (printf "auth.apiKeys[%d] (%s) needs sha256 or existingSecret" $i $k.name) -}}
{{- end -}}
{{- end -}}
{{- if and (hasPrefix "k8s://" .Values.spark.master) (not .Values.executors.kubernetes.enabled) -}}
{{- fail "spark.master k8s://... needs the chart's settings for executor pods (RBAC, pod template, driver Service): set executors.kubernetes.enabled=true (and executors.kubernetes.apiServer) instead of spark.master" -}}
{{- end -}}
{{- range $k, $v := .Values.spark.conf -}}
{{- if and (include "sjs.isCredentialKey" $k) (not (regexMatch "^\\$\\{[A-Za-z0-9_.]+\\}$" (toString $v))) -}}
{{- fail (printf "spark.conf.%s holds a credential: the ConfigMap is no place for it. Put it in a Secret, pass it as an environment variable (extraEnv/extraEnvFrom, and executors.kubernetes.env/envFrom) and write ${NAME} here" $k) -}}
{{- end -}}
{{- end -}}
{{- $config := .Values.config | default dict -}}
{{- if include "sjs.hasRelaxedKey" (list $config "server" "port") -}}
{{- fail "config.server.port: the chart's probes, Services and NetworkPolicy use the container's port 8080; remove it (service.port sets the Service's port)" -}}
{{- end -}}
{{- if include "sjs.hasRelaxedKey" (list $config "jobservice" "shutdown" "drain-timeout") -}}
{{- fail "config.jobservice.shutdown.drain-timeout: set shutdown.drainTimeoutSeconds instead, which also sizes the pod's terminationGracePeriodSeconds" -}}
{{- end -}}
{{- if include "sjs.hasRelaxedKey" (list $config "jobservice" "jobs" "stop-grace") -}}
{{- fail "config.jobservice.jobs.stop-grace: set shutdown.stopGraceSeconds instead, which also sizes the pod's terminationGracePeriodSeconds" -}}
{{- end -}}
{{- if include "sjs.hasRelaxedKey" (list $config "jobservice" "security" "api-keys") -}}
{{- fail "config.jobservice.security.api-keys: set auth.apiKeys instead; a list here would replace the chart's keys, the generated admin key among them" -}}
{{- end -}}
{{- if .Values.externalDatabase.enabled -}}
{{- if not .Values.externalDatabase.url -}}
{{- fail "externalDatabase.enabled needs externalDatabase.url (jdbc:postgresql://host:5432/db)" -}}
{{- end -}}
{{- if not .Values.externalDatabase.existingSecret -}}
{{- fail "externalDatabase.enabled needs externalDatabase.existingSecret: a Secret holding the database password" -}}
{{- end -}}
{{- end -}}
{{- end -}}
