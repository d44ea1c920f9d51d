package ingress

import (
	"github.com/aksplatform/platform/components/identity"
	"github.com/aksplatform/platform/components/monitoring"
	"github.com/aksplatform/platform/components/monitoring/logs"
	"github.com/aksplatform/platform/components/rbac"
	"github.com/aksplatform/platform/components/registry"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/helm/v3"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// AGICChart is the OCI reference of the Application Gateway Ingress Controller chart.
const AGICChart = "oci://mcr.microsoft.com/azure-application-gateway/charts/ingress-azure"

// AGIC is an Application Gateway WAF_v2 in the spoke's public subnet, with its WAF policy and
// static public IP, driven by the Application Gateway Ingress Controller. AGIC authenticates
// with workload identity; its identity may change the gateway and nothing else.
type AGIC struct {
	pulumi.ResourceState

	// GatewayID and GatewayName identify the Application Gateway.
	GatewayID   pulumi.StringOutput
	GatewayName pulumi.StringOutput
	// PublicIP is the gateway's frontend address.
	PublicIP pulumi.StringOutput
	// IdentityClientID is the client ID of AGIC's managed identity.
	IdentityClientID pulumi.StringOutput
	// CertManager is nil when cert-manager is disabled.
	CertManager *CertManager

	issuer string
}

// IngressClassName implements Controller.
func (a *AGIC) IngressClassName() string { return AGICIngressClass }

// Address implements Controller.
func (a *AGIC) Address() pulumi.StringOutput { return a.PublicIP }

// ClusterIssuer implements Controller.
func (a *AGIC) ClusterIssuer() string { return a.issuer }

// NewAGIC registers the public IP, WAF policy and gateway, AGIC's identity with its federated
// credential and role assignments, the AGIC release and, when enabled, cert-manager. Nil
// args give validation.Required(AGICType); the spec is defaulted on a copy and every
// problem is returned before anything is registered.
func NewAGIC(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*AGIC, error) {
	args, err := prepareFor(args, ControllerAGIC, AGICType)
	if err != nil {
		return nil, err
	}
	a := &AGIC{issuer: issuerName(args.Spec.CertManager)}
	if err := ctx.RegisterComponentResource(AGICType, name, a, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(a)
	pip, err := newPublicIP(ctx, name+"-pip", args, args.Spec.AppGateway.Zones, parent)
	if err != nil {
		return nil, err
	}
	waf, err := newWAFPolicy(ctx, name+"-waf", args, parent)
	if err != nil {
		return nil, err
	}
	gwName := name + "-appgw"
	gwID := gatewayID(args.PublicSubnetID, args.ResourceGroupName, gwName)
	gw, err := newGateway(ctx, gwName, args, gwID, pip, waf, parent)
	if err != nil {
		return nil, err
	}
	if args.LogAnalyticsWorkspaceID != nil {
		if _, err := monitoring.Diagnose(ctx, gwName, logs.ApplicationGateway, gw.ID().ToStringOutput(), args.LogAnalyticsWorkspaceID, parent); err != nil {
			return nil, err
		}
	}

	id, fic, err := identity.NewFederatedIdentity(ctx, name+"-identity", name+"-federated", identity.FederatedIdentityArgs{
		ResourceGroupName: args.ResourceGroupName,
		Location:          args.Location,
		Issuer:            args.OIDCIssuerURL,
		Namespace:         AGICNamespace,
		ServiceAccount:    AGICServiceAccount,
		Tags:              args.Tags,
	}, parent)
	if err != nil {
		return nil, err
	}
	grants := []struct {
		suffix string
		role   rbac.Role
		scope  pulumi.StringInput
	}{
		{"-appgw-contributor", rbac.Contributor, gw.ID().ToStringOutput()},
		{"-rg-reader", rbac.Reader, part(gwID, "resourceGroupID")},
		{"-subnet-network-contributor", rbac.NetworkContributor, args.PublicSubnetID},
	}
	dependsOn := []pulumi.Resource{fic}
	for _, g := range grants {
		ra, err := rbac.Assign(ctx, name+g.suffix, rbac.Assignment{Role: g.role, Scope: g.scope, PrincipalID: id.PrincipalId}, parent)
		if err != nil {
			return nil, err
		}
		dependsOn = append(dependsOn, ra)
	}

	k8s := []pulumi.ResourceOption{parent, pulumi.Provider(args.KubernetesProvider)}
	ns, err := corev1.NewNamespace(ctx, name+"-ns", &corev1.NamespaceArgs{
		Metadata: &metav1.ObjectMetaArgs{Name: pulumi.String(AGICNamespace)},
	}, k8s...)
	if err != nil {
		return nil, err
	}
	release, err := helm.NewRelease(ctx, name, &helm.ReleaseArgs{
		// The release name makes the chart's service account "ingress-azure", the subject
		// of the federated credential.
		Name:      pulumi.String(AGICServiceAccount),
		Chart:     pulumi.String(AGICChart),
		Version:   pulumi.String(args.Spec.AppGateway.AGICChartVersion),
		Namespace: ns.Metadata.Name(),
		Values: registry.PullThroughCache(pulumi.Map{
			"appgw": pulumi.Map{
				"subscriptionId": part(gwID, "subscription"),
				"resourceGroup":  part(gwID, "resourceGroup"),
				"name":           gw.Name,
				"usePrivateIP":   pulumi.Bool(false),
				"shared":         pulumi.Bool(false),
			},
			"armAuth": pulumi.Map{
				"type":             pulumi.String("workloadIdentity"),
				"identityClientID": id.ClientId,
			},
			"rbac": pulumi.Map{"enabled": pulumi.Bool(true)},
			"kubernetes": pulumi.Map{"ingressClassResource": pulumi.Map{
				"enabled":         pulumi.Bool(true),
				"name":            pulumi.String(AGICIngressClass),
				"default":         pulumi.Bool(false),
				"controllerValue": pulumi.String("azure/application-gateway"),
			}},
		}, args.RegistryLoginServer, agicImages),
	}, append(k8s, pulumi.DependsOn(dependsOn))...)
	if err != nil {
		return nil, err
	}

	a.GatewayID = gw.ID().ToStringOutput()
	a.GatewayName = gw.Name
	a.PublicIP = pip.IpAddress.Elem()
	a.IdentityClientID = id.ClientId
	if a.CertManager, err = withCertManager(ctx, name, args, AGICIngressClass, a); err != nil {
		return nil, err
	}
	if len(args.CertificateHosts) > 0 {
		cert, err := newDefaultCertificate(ctx, name, ns, args.CertificateHosts, a.CertManager, k8s...)
		if err != nil {
			return nil, err
		}
		if err := newAGICProbe(ctx, name, ns, args, []pulumi.Resource{cert, release}, k8s...); err != nil {
			return nil, err
		}
	}
	return a, ctx.RegisterResourceOutputs(a, pulumi.Map{
		"ingressClassName": pulumi.String(AGICIngressClass),
		"address":          a.PublicIP,
		"gatewayId":        a.GatewayID,
		"gatewayName":      a.GatewayName,
		"identityClientId": a.IdentityClientID,
	})
}
