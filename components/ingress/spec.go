package ingress

import "github.com/aksplatform/platform/components/defaults"

// Controller kinds accepted in Spec.Controller.
const (
	ControllerAGIC  = "agic"
	ControllerNGINX = "nginx"
)

// WAF modes accepted in AppGatewaySpec.WAFMode.
const (
	WAFPrevention = "Prevention"
	WAFDetection  = "Detection"
)

// Managed WAF rule sets accepted in AppGatewaySpec.WAFRuleSet, named <type>_<version>.
const (
	RuleSetDefault21 = "Microsoft_DefaultRuleSet_2.1"
	RuleSetOWASP32   = "OWASP_3.2"
)

// The bot manager rule set, next to the core rule set when appGateway.botProtection is on: it
// blocks clients that Microsoft's threat intelligence lists as malicious bots.
// https://learn.microsoft.com/azure/web-application-firewall/ag/bot-protection-overview
const (
	BotManagerRuleSet        = "Microsoft_BotManagerRuleSet"
	BotManagerRuleSetVersion = "1.0"
)

// ruleSets maps each accepted rule set to the type and version Azure expects.
var ruleSets = map[string][2]string{
	RuleSetDefault21: {"Microsoft_DefaultRuleSet", "2.1"},
	RuleSetOWASP32:   {"OWASP", "3.2"},
}

// Spec is the ingress layer of one cluster as plain values; its JSON keys are the config keys
// under aks-platform:ingress. New and the other constructors default a copy and validate it
// themselves; stacks calls SetDefaults and Validate first to report problems with full keys.
type Spec struct {
	// Controller is "agic" (Application Gateway WAF_v2 + AGIC) or "nginx" (F5 NGINX Ingress
	// Controller; see NGINX for why not the retired ingress-nginx).
	Controller string `json:"controller"`
	// Internal puts NGINX behind an internal Azure load balancer at NGINX.PrivateIP.
	Internal bool `json:"internal,omitempty"`
	// NGINX configures the NGINX Ingress Controller; only used when Controller is "nginx".
	NGINX NGINXSpec `json:"nginx"`
	// AppGateway configures the Application Gateway and AGIC; only used when Controller is "agic".
	AppGateway AppGatewaySpec `json:"appGateway"`
	// CertManager configures cert-manager and its Let's Encrypt ClusterIssuer.
	CertManager CertManagerSpec `json:"certManager"`
}

// NGINXSpec configures the NGINX Ingress Controller Helm release.
type NGINXSpec struct {
	// ChartVersion is the exact nginx-ingress chart version (helm.nginx.com/stable).
	ChartVersion string `json:"chartVersion,omitempty"`
	// Replicas is the number of controller pods.
	Replicas int `json:"replicas,omitempty"`
	// PrivateIP is the static address of the internal load balancer; required when Internal.
	PrivateIP string `json:"privateIP,omitempty"`
}

// IsZero reports whether nothing in the NGINX section was set.
func (s NGINXSpec) IsZero() bool { return s == NGINXSpec{} }

// AppGatewaySpec configures the Application Gateway WAF_v2 and the AGIC release.
type AppGatewaySpec struct {
	// MinCapacity and MaxCapacity bound autoscaling, in capacity units (0..125).
	MinCapacity int `json:"minCapacity,omitempty"`
	MaxCapacity int `json:"maxCapacity,omitempty"`
	// Zones are the availability zones of the gateway and its public IP ("1", "2", "3"). Absent
	// (nil) means the default; an explicit empty list means no zones.
	Zones []string `json:"zones"`
	// WAFMode is "Prevention" (block) or "Detection" (log only).
	WAFMode string `json:"wafMode,omitempty"`
	// WAFRuleSet is the managed rule set: "Microsoft_DefaultRuleSet_2.1" or "OWASP_3.2".
	WAFRuleSet string `json:"wafRuleSet,omitempty"`
	// AGICChartVersion is the exact ingress-azure (AGIC) chart version.
	AGICChartVersion string `json:"agicChartVersion,omitempty"`
	// BotProtection adds the bot manager rule set to the WAF policy; SetDefaults writes true.
	BotProtection *bool `json:"botProtection,omitempty"`
}

// IsZero reports whether nothing in the appGateway section was set.
func (s AppGatewaySpec) IsZero() bool {
	return s.MinCapacity == 0 && s.MaxCapacity == 0 && s.Zones == nil && s.WAFMode == "" &&
		s.WAFRuleSet == "" && s.AGICChartVersion == "" && s.BotProtection == nil
}

// CertManagerSpec configures cert-manager and the ACME ClusterIssuer it serves.
type CertManagerSpec struct {
	// Enabled installs cert-manager; SetDefaults writes the default (true).
	Enabled *bool `json:"enabled,omitempty"`
	// ChartVersion is the exact cert-manager chart version.
	ChartVersion string `json:"chartVersion,omitempty"`
	// Email is the ACME account contact; required when enabled.
	Email string `json:"email,omitempty"`
	// ACMEServer is the ACME directory URL.
	ACMEServer string `json:"acmeServer,omitempty"`
	// DNSZone is the Azure DNS zone the ClusterIssuer solves DNS-01 challenges in, signing in
	// with workload identity. Without it the issuer solves HTTP-01 through the ingress class,
	// which only works when one public ingress answers for the host name (see
	// Spec.ValidateSharedHostName and the internal rule in Validate).
	DNSZone *DNSZoneSpec `json:"dnsZone,omitempty"`
}

// IsEnabled reports whether cert-manager is installed; SetDefaults must have run.
func (s CertManagerSpec) IsEnabled() bool { return defaults.True(s.Enabled) }

// DNSZoneSpec names a public Azure DNS zone.
type DNSZoneSpec struct {
	// SubscriptionID is the zone's subscription; empty means the deploying subscription.
	SubscriptionID string `json:"subscriptionId,omitempty"`
	// ResourceGroup is the zone's resource group.
	ResourceGroup string `json:"resourceGroup"`
	// Name is the zone's domain name, e.g. aksplatform.example.
	Name string `json:"name"`
}
