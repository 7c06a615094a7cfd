{{/* Spark settings the chart derives from its values; spark.conf wins over them */}}
{{- define "sjs.sparkConf" -}}
{{- $conf := dict -}}
{{- if include "sjs.clusterMode" . -}}
{{- $_ := set $conf "spark.driver.host" (include "sjs.driverHost" .) -}}
{{- $_ := set $conf "spark.driver.port" (include "sjs.scalar" .Values.spark.driverPort) -}}
{{- $_ := set $conf "spark.driver.blockManager.port" (include "sjs.scalar" .Values.spark.blockManagerPort) -}}
{{- $_ := set $conf "spark.driver.bindAddress" "0.0.0.0" -}}
{{- end -}}
{{- $k8s := .Values.executors.kubernetes -}}
{{- if $k8s.enabled -}}
{{- $_ := set $conf "spark.kubernetes.namespace" "${POD_NAMESPACE}" -}}
{{- $_ := set $conf "spark.kubernetes.driver.pod.name" "${POD_NAME}" -}}
{{- $_ := set $conf "spark.kubernetes.container.image" (include "sjs.image" .) -}}
{{- $_ := set $conf "spark.kubernetes.container.image.pullPolicy" .Values.image.pullPolicy -}}
{{- if .Values.imagePullSecrets -}}
{{- $names := list -}}
{{- range .Values.imagePullSecrets }}{{ $names = append $names .name }}{{ end -}}
{{- $_ := set $conf "spark.kubernetes.container.image.pullSecrets" (join "," $names) -}}
{{- end -}}
{{- $_ := set $conf "spark.executor.instances" (include "sjs.scalar" $k8s.instances) -}}
{{- $_ := set $conf "spark.executor.cores" (include "sjs.scalar" $k8s.cores) -}}
{{- $_ := set $conf "spark.executor.memory" (include "sjs.scalar" $k8s.memory) -}}
{{- $_ := set $conf "spark.kubernetes.executor.podNamePrefix" (default (include "sjs.fullname" . | trunc 47 | trimSuffix "-") $k8s.podNamePrefix) -}}
{{- $_ := set $conf "spark.kubernetes.executor.podTemplateFile" "/etc/spark-job-service/executor-pod-template.yaml" -}}
{{- $_ := set $conf "spark.kubernetes.executor.podTemplateContainerName" "executor" -}}
{{- if $k8s.serviceAccountName -}}
{{- $_ := set $conf "spark.kubernetes.authenticate.executor.serviceAccountName" $k8s.serviceAccountName -}}
{{- end -}}
{{- range $k, $v := merge (dict) (include "sjs.executorLabels" . | fromYaml) $k8s.labels -}}
{{- $_ := set $conf (printf "spark.kubernetes.executor.label.%s" $k) (include "sjs.scalar" $v) -}}
{{- end -}}
{{- end -}}
{{- if .Values.warehouse.dir -}}
{{- $_ := set $conf "spark.sql.warehouse.dir" .Values.warehouse.dir -}}
{{- end -}}
{{- /* Spark spills and shuffles to spark.local.dir (default /tmp, a small emptyDir): the volume is larger */ -}}
{{- if .Values.persistence.enabled -}}
{{- $_ := set $conf "spark.local.dir" "/data/spark-local" -}}
{{- end -}}
{{- range $k, $v := .Values.spark.conf -}}
{{- $_ := set $conf $k (include "sjs.scalar" $v) -}}
{{- end -}}
{{- toYaml $conf -}}
{{- end -}}

{{/* The application.yaml the service loads (spring.config.additional-location). Secrets are ${ENV} references. */}}
{{- define "sjs.applicationConfig" -}}
{{- $conf := dict -}}
{{- /* brackets keep a Spark key whole: Spring would otherwise drop '/' and split at dots */ -}}
{{- range $k, $v := (include "sjs.sparkConf" . | fromYaml) -}}
{{- $_ := set $conf (printf "[%s]" $k) $v -}}
{{- end -}}
{{- $js := dict "data-dir" "/data" "spark" (dict "master" (include "sjs.master" .) "conf" $conf) -}}
{{- if .Values.executors.kubernetes.enabled -}}
{{- /* executors run the service's own image, whose class path has every jar already */ -}}
{{- $_ := set $js.spark "ship-jars" false -}}
{{- end -}}
{{- $_ := set $js "shutdown" (dict "drain-timeout" (printf "%ds" (int .Values.shutdown.drainTimeoutSeconds))) -}}
{{- $_ := set $js "jobs" (dict "stop-grace" (printf "%ds" (int .Values.shutdown.stopGraceSeconds))) -}}
{{- if .Values.admission -}}
{{- $_ := set $js "admission" (deepCopy .Values.admission) -}}
{{- end -}}
{{- $keys := list -}}
{{- range $i, $k := .Values.auth.apiKeys -}}
{{- $sha := $k.sha256 -}}
{{- if $k.existingSecret }}{{ $sha = printf "${API_KEY_%d_SHA256}" $i }}{{ end -}}
{{- $keys = append $keys (dict "name" $k.name "sha256" $sha "tenant" $k.tenant "roles" $k.roles) -}}
{{- end -}}
{{- if include "sjs.generateAdminKey" . -}}
{{- $keys = append $keys (dict "name" "admin" "sha256" "${API_KEY_ADMIN_SHA256}" "tenant" .Values.auth.generatedAdminKey.tenant "roles" (list "admin")) -}}
{{- end -}}
{{- $jwt := .Values.auth.jwt -}}
{{- $claims := dict "name-claim" $jwt.nameClaim "tenant-claim" $jwt.tenantClaim "roles-claim" $jwt.rolesClaim -}}
{{- if $jwt.defaultTenant }}{{ $_ := set $claims "default-tenant" $jwt.defaultTenant }}{{ end -}}
{{- $security := dict "jwt" $claims "allow-unauthenticated" .Values.auth.allowUnauthenticated -}}
{{- if $keys }}{{ $_ := set $security "api-keys" $keys }}{{ end -}}
{{- $_ := set $js "security" $security -}}
{{- /* native: Tomcat takes X-Forwarded-Proto/Host from in-cluster proxies, so an absolute Location names the public URL */ -}}
{{- $app := dict "jobservice" $js "server" (dict "port" 8080 "forward-headers-strategy" "native") -}}
{{- /* a stopped SparkContext fails liveness too: the kubelet restarts the driver instead of leaving it unready */ -}}
{{- $_ := set $app "management" (dict "endpoint" (dict "health" (dict "group" (dict "liveness" (dict "include" "livenessState,spark"))))) -}}
{{- if .Values.auth.allowUnauthenticated -}}
{{- $_ := set $app.server "address" "0.0.0.0" -}}
{{- end -}}
{{- $spring := dict -}}
{{- if .Values.externalDatabase.enabled -}}
{{- $_ := set $spring "datasource" (dict "url" .Values.externalDatabase.url "username" .Values.externalDatabase.username) -}}
{{- end -}}
{{- if include "sjs.jwtEnabled" . -}}
{{- $rs := dict -}}
{{- if $jwt.issuerUri }}{{ $_ := set $rs "issuer-uri" $jwt.issuerUri }}{{ end -}}
{{- if $jwt.jwkSetUri }}{{ $_ := set $rs "jwk-set-uri" $jwt.jwkSetUri }}{{ end -}}
{{- if $jwt.audiences }}{{ $_ := set $rs "audiences" $jwt.audiences }}{{ end -}}
{{- $_ := set $spring "security" (dict "oauth2" (dict "resourceserver" (dict "jwt" $rs))) -}}
{{- end -}}
{{- if $spring }}{{ $_ := set $app "spring" $spring }}{{ end -}}
{{- toYaml (mustMergeOverwrite $app (deepCopy .Values.config)) -}}
{{- end -}}

{{/* Spark reads it for every executor pod it creates: the chart's security settings and scheduling */}}
{{- define "sjs.executorPodTemplate" -}}
{{- $k8s := .Values.executors.kubernetes -}}
apiVersion: v1
kind: Pod
spec:
  automountServiceAccountToken: false
  securityContext:
    {{- toYaml .Values.podSecurityContext | nindent 4 }}
  {{- with $k8s.nodeSelector }}
  nodeSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $k8s.tolerations }}
  tolerations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $k8s.volumes }}
  volumes:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  containers:
    - name: executor
      securityContext:
        allowPrivilegeEscalation: false
        capabilities:
          drop: [ALL]
      {{- with $k8s.env }}
      env:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- $envFrom := concat (ternary .Values.extraEnvFrom (list) $k8s.inheritExtraEnvFrom) ($k8s.envFrom | default list) }}
      {{- with $envFrom }}
      envFrom:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $k8s.volumeMounts }}
      volumeMounts:
        {{- toYaml . | nindent 8 }}
      {{- end }}
{{- end -}}
