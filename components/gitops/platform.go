package gitops

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/aksplatform/platform/components/defaults"
	"github.com/aksplatform/platform/components/egress"
)

// PlatformValues is what the platform repository's app-of-apps (gitops/platform) needs from
// Pulumi, handed over once: the root Application's helm.valuesObject holds them under
// "cluster", next to values-<environment>.yaml. Nothing here is typed into Git a second time,
// and nothing here is a secret (client IDs and names only; the Grafana password stays in Key
// Vault and reaches Grafana through the CSI driver).
//
// Why the root Application's values and not a ConfigMap or the cluster secret's annotations: a
// Helm chart cannot read a ConfigMap without a plugin, and annotations reach only
// ApplicationSets, whose generated Applications Argo CD does not order by sync wave (CRDs
// first would be lost).
type PlatformValues struct {
	// Environment and Region label every metric (Prometheus external labels) and pick the
	// values file (values-dev.yaml or values-prod.yaml).
	Environment string
	Region      string
	TenantID    pulumi.StringInput
	// KeyVaultName is the region's vault, read by the SecretProviderClasses.
	KeyVaultName pulumi.StringInput
	Thanos       ThanosValues
	Grafana      GrafanaValues
}

// ThanosValues are this region's bucket, Thanos's identity and every region's bucket.
type ThanosValues struct {
	StorageAccount pulumi.StringInput
	Container      pulumi.StringInput
	ClientID       pulumi.StringInput
	// Buckets are every region's storage account of the environment, this one included, as
	// names derived from config (thanos.AccountName): the global view needs no other region's
	// outputs.
	Buckets []Bucket
}

// Bucket is one region's Thanos bucket.
type Bucket struct{ Region, StorageAccount string }

// GrafanaValues are Grafana's identity and the CSI mount of its admin password.
type GrafanaValues struct {
	ClientID            pulumi.StringInput
	SecretProviderClass pulumi.StringInput
	AdminSecretName     string
}

// ValuesFile is the values file of the platform chart for an environment: dev for every
// stage but production.
func ValuesFile(production bool) string {
	return "values-" + defaults.Pick(production, "dev", "prod") + ".yaml"
}

// toMap renders the values under the keys of gitops/platform/values.yaml's "cluster" (a
// test there compares the two). The repository, revision and path are the platform source's,
// so the guardrails chart is read from the same place as its parent.
func (v PlatformValues) toMap(src Source, loginServer pulumi.StringInput) pulumi.Map {
	buckets := pulumi.Array{}
	for _, b := range v.Thanos.Buckets {
		buckets = append(buckets, pulumi.Map{"region": pulumi.String(b.Region), "storageAccount": pulumi.String(b.StorageAccount)})
	}
	return pulumi.Map{
		"environment":    pulumi.String(v.Environment),
		"region":         pulumi.String(v.Region),
		"tenantId":       v.TenantID,
		"registry":       loginServer,
		"repoURL":        pulumi.String(src.RepoURL),
		"targetRevision": pulumi.String(src.TargetRevision),
		"path":           pulumi.String(src.Path),
		"keyVaultName":   v.KeyVaultName,
		"thanos": pulumi.Map{
			"storageAccount": v.Thanos.StorageAccount,
			"container":      v.Thanos.Container,
			"clientId":       v.Thanos.ClientID,
			"buckets":        buckets,
		},
		"grafana": pulumi.Map{
			"clientId":            v.Grafana.ClientID,
			"secretProviderClass": v.Grafana.SecretProviderClass,
			"adminSecretName":     pulumi.String(v.Grafana.AdminSecretName),
		},
	}
}

// missing lists the camelCase names of the inputs toMap needs and v leaves nil.
func (v PlatformValues) missing() []string {
	var out []string
	for _, f := range []struct {
		key string
		in  pulumi.StringInput
	}{
		{"tenantId", v.TenantID}, {"keyVaultName", v.KeyVaultName},
		{"thanos.storageAccount", v.Thanos.StorageAccount}, {"thanos.container", v.Thanos.Container},
		{"thanos.clientId", v.Thanos.ClientID}, {"grafana.clientId", v.Grafana.ClientID},
		{"grafana.secretProviderClass", v.Grafana.SecretProviderClass},
	} {
		if f.in == nil {
			out = append(out, f.key)
		}
	}
	return out
}

// ClusterValueKeys are the top-level keys toMap writes, for the platform chart's test.
func ClusterValueKeys() []string {
	m := PlatformValues{}.toMap(Source{}, nil)
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	return keys
}

// applicationHealth makes Argo CD wait for a child Application to be healthy before the next
// sync wave: Argo CD 1.8 dropped Application health, so app-of-apps sync waves (CRDs first)
// order nothing without this check in argocd-cm.
// https://argo-cd.readthedocs.io/en/stable/operator-manual/upgrading/1.7-1.8/#health-assessment-of-argoprojioapplication-crd-has-been-removed
const applicationHealth = `hs = {}
hs.status = "Progressing"
hs.message = ""
if obj.status ~= nil and obj.status.health ~= nil then
  hs.status = obj.status.health.status
  if obj.status.health.message ~= nil then
    hs.message = obj.status.health.message
  end
end
return hs
`

// PlatformImages are the images the platform chart (gitops/platform) deploys, as its values
// name them: <cluster.registry>/<Image.CacheRepository()>. The registry caches each, and the
// chart's test fails when a value names an image that is not listed here. Read from
// kube-prometheus-stack 79.7.1 (with its grafana, kube-state-metrics and node-exporter
// subcharts), kyverno 3.5.2 and the Thanos image the platform chart pins.
var PlatformImages = []egress.Image{
	{Registry: "quay.io", Repository: "prometheus-operator/prometheus-operator"},
	{Registry: "quay.io", Repository: "prometheus-operator/prometheus-config-reloader"},
	{Registry: "quay.io", Repository: "prometheus/prometheus"},
	{Registry: "quay.io", Repository: "prometheus/alertmanager"},
	{Registry: "quay.io", Repository: "prometheus/node-exporter"},
	{Registry: "quay.io", Repository: "thanos/thanos"},
	{Registry: "quay.io", Repository: "kiwigrid/k8s-sidecar"},
	{Registry: "ghcr.io", Repository: "grafana/grafana"},
	{Registry: "registry.k8s.io", Repository: "kube-state-metrics/kube-state-metrics"},
	{Registry: "registry.k8s.io", Repository: "ingress-nginx/kube-webhook-certgen"},
	{Registry: "registry.k8s.io", Repository: "kubectl"},
	{Registry: "ghcr.io", Repository: "kyverno/kyverno"},
	{Registry: "ghcr.io", Repository: "kyverno/kyvernopre"},
	{Registry: "ghcr.io", Repository: "kyverno/background-controller"},
	{Registry: "ghcr.io", Repository: "kyverno/cleanup-controller"},
	{Registry: "ghcr.io", Repository: "kyverno/reports-controller"},
}

// Egress rules of the platform chart.
const (
	PlatformChartsRule = "gitops-platform-charts"
	DashboardsRule     = "grafana-dashboards"
)

// PlatformChartHosts are where Argo CD's repo server downloads the platform chart's charts:
// the Helm repositories' indexes (GitHub Pages), the release assets they point at, and the
// Bitnami OCI registry with its blob storage.
var PlatformChartHosts = []string{
	"kyverno.github.io", "prometheus-community.github.io",
	"github.com", "objects.githubusercontent.com", "release-assets.githubusercontent.com",
	"registry-1.docker.io", "production.cloudflare.docker.com",
}

// platformNeeds is what the platform chart reaches outside the VNet: its images (through the
// cache), its charts, and grafana.com, from which Grafana downloads the pinned dashboards.
func platformNeeds() egress.Needs {
	return egress.Needs{
		Images: PlatformImages,
		Rules: []egress.Rule{
			{Name: PlatformChartsRule, FQDNs: PlatformChartHosts, Protocol: egress.HTTPS, Port: 443,
				Reason: "Argo CD's repo server downloads the platform chart's Helm charts (Kyverno, kube-prometheus-stack, Thanos)"},
			{Name: DashboardsRule, FQDNs: []string{"grafana.com"}, Protocol: egress.HTTPS, Port: 443,
				Reason: "Grafana downloads the pinned ingress, cert-manager and Argo CD dashboards"},
		},
	}
}
