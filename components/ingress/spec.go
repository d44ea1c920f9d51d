package ingress

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

// ruleSets maps each accepted rule set to the type and version Azure expects.
var ruleSets = map[string][2]string{
	RuleSetDefault21: {"Microsoft_DefaultRuleSet", "2.1"},
	RuleSetOWASP32:   {"OWASP", "3.2"},
}

// Spec is the ingress layer of one cluster as plain values; its JSON keys are the config keys
// under aks-platform:ingress. Call SetDefaults, then Validate, before handing it to New.
type Spec struct {
	// Controller is "agic" (Application Gateway WAF_v2 + AGIC) or "nginx" (ingress-nginx).
	Controller string `json:"controller"`
	// Internal puts NGINX behind an internal Azure load balancer at NGINX.PrivateIP.
	Internal bool `json:"internal,omitempty"`
	// NGINX configures ingress-nginx; only used when Controller is "nginx".
	NGINX NGINXSpec `json:"nginx"`
	// AppGateway configures the Application Gateway and AGIC; only used when Controller is "agic".
	AppGateway AppGatewaySpec `json:"appGateway"`
	// CertManager configures cert-manager and its Let's Encrypt ClusterIssuer.
	CertManager CertManagerSpec `json:"certManager"`
}

// NGINXSpec configures the ingress-nginx Helm release.
type NGINXSpec struct {
	// ChartVersion is the exact ingress-nginx chart version.
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
	// Zones are the availability zones of the gateway and its public IP ("1", "2", "3").
	Zones []string `json:"zones,omitempty"`
	// WAFMode is "Prevention" (block) or "Detection" (log only).
	WAFMode string `json:"wafMode,omitempty"`
	// WAFRuleSet is the managed rule set: "Microsoft_DefaultRuleSet_2.1" or "OWASP_3.2".
	WAFRuleSet string `json:"wafRuleSet,omitempty"`
	// AGICChartVersion is the exact ingress-azure (AGIC) chart version.
	AGICChartVersion string `json:"agicChartVersion,omitempty"`
}

// IsZero reports whether nothing in the appGateway section was set.
func (s AppGatewaySpec) IsZero() bool {
	return s.MinCapacity == 0 && s.MaxCapacity == 0 && len(s.Zones) == 0 && s.WAFMode == "" &&
		s.WAFRuleSet == "" && s.AGICChartVersion == ""
}

// CertManagerSpec configures cert-manager and the ACME ClusterIssuer it serves.
type CertManagerSpec struct {
	// Enabled installs cert-manager; nil means the default (true).
	Enabled *bool `json:"enabled,omitempty"`
	// ChartVersion is the exact cert-manager chart version.
	ChartVersion string `json:"chartVersion,omitempty"`
	// Email is the ACME account contact; required when enabled.
	Email string `json:"email,omitempty"`
	// ACMEServer is the ACME directory URL.
	ACMEServer string `json:"acmeServer,omitempty"`
}

// IsEnabled reports whether cert-manager is installed (true unless explicitly disabled).
func (s CertManagerSpec) IsEnabled() bool { return s.Enabled == nil || *s.Enabled }
