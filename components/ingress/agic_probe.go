package ingress

import (
	"strings"

	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	networkingv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/networking/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// AGIC's own health server (the chart's kubernetes.httpServicePort) and the labels of its
// pods for the release named AGICServiceAccount (the chart's deployment template).
const (
	agicHealthPort = 8123
	agicAlivePath  = "/health/alive"
	// AGICProbeName names the Service and the Ingress that answer Front Door's probe; AGIC
	// writes the gateway's address into that Ingress's status.
	AGICProbeName   = "frontdoor-probe"
	backendPathAnno = "appgw.ingress.kubernetes.io/backend-path-prefix"
)

// newAGICProbe makes the Application Gateway answer Front Door's health probe on the
// certificate hosts before any workload exists: an Ingress with the hosts' TLS secret
// (DefaultTLSSecret, so the gateway presents the origin host name's certificate) routing
// exactly probePath to AGIC's own liveness endpoint, through a Service over AGIC's pods.
// AGIC only programs listeners and backends from Ingresses, and an Application Gateway has
// no fixed response of its own; AGIC's pod is the one backend that always exists.
// https://learn.microsoft.com/azure/frontdoor/health-probes,
// https://azure.github.io/application-gateway-kubernetes-ingress/annotations/#backend-path-prefix
func newAGICProbe(ctx *pulumi.Context, name string, ns *corev1.Namespace, args *Args, dependsOn []pulumi.Resource,
	opts ...pulumi.ResourceOption) error {
	svc, err := corev1.NewService(ctx, name+"-probe-svc", &corev1.ServiceArgs{
		Metadata: &metav1.ObjectMetaArgs{Name: pulumi.String(AGICProbeName), Namespace: ns.Metadata.Name()},
		Spec: &corev1.ServiceSpecArgs{
			Selector: pulumi.StringMap{"app": pulumi.String(AGICServiceAccount), "release": pulumi.String(AGICServiceAccount)},
			Ports: corev1.ServicePortArray{&corev1.ServicePortArgs{
				Name: pulumi.String("health"), Port: pulumi.Int(agicHealthPort), TargetPort: pulumi.Int(agicHealthPort),
			}},
		},
	}, opts...)
	if err != nil {
		return err
	}
	var rules networkingv1.IngressRuleArray
	for _, h := range args.CertificateHosts {
		if strings.HasPrefix(h, "*.") {
			continue // Front Door probes a concrete origin host name
		}
		rules = append(rules, &networkingv1.IngressRuleArgs{
			Host: pulumi.String(h),
			Http: &networkingv1.HTTPIngressRuleValueArgs{Paths: networkingv1.HTTPIngressPathArray{&networkingv1.HTTPIngressPathArgs{
				Path:     pulumi.String(args.HealthProbePath),
				PathType: pulumi.String("Exact"),
				Backend: &networkingv1.IngressBackendArgs{Service: &networkingv1.IngressServiceBackendArgs{
					Name: svc.Metadata.Name().Elem(),
					Port: &networkingv1.ServiceBackendPortArgs{Number: pulumi.Int(agicHealthPort)},
				}},
			}}},
		})
	}
	_, err = networkingv1.NewIngress(ctx, name+"-probe", &networkingv1.IngressArgs{
		Metadata: &metav1.ObjectMetaArgs{
			Name:        pulumi.String(AGICProbeName),
			Namespace:   ns.Metadata.Name(),
			Annotations: pulumi.StringMap{backendPathAnno: pulumi.String(agicAlivePath)},
		},
		Spec: &networkingv1.IngressSpecArgs{
			IngressClassName: pulumi.String(AGICIngressClass),
			Tls: networkingv1.IngressTLSArray{&networkingv1.IngressTLSArgs{
				Hosts:      pulumi.ToStringArray(args.CertificateHosts),
				SecretName: pulumi.String(DefaultTLSSecret),
			}},
			Rules: rules,
		},
	}, append(opts, pulumi.DependsOn(dependsOn))...)
	return err
}
