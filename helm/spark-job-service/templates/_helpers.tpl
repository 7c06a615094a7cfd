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

{{- define "sjs.adminKeySecretName" -}}
{{- printf "%s-admin-key" (include "sjs.fullname" .) | trunc 63 | trimSuffix "-" -}}
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
{{- if .Values.externalDatabase.enabled -}}
{{- if not .Values.externalDatabase.url -}}
{{- fail "externalDatabase.enabled needs externalDatabase.url (jdbc:postgresql://host:5432/db)" -}}
{{- end -}}
{{- if not .Values.externalDatabase.existingSecret -}}
{{- fail "externalDatabase.enabled needs externalDatabase.existingSecret: a Secret holding the database password" -}}
{{- end -}}
{{- end -}}
{{- end -}}
