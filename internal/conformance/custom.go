package conformance

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/aksplatform/platform/components/identity"
)

// The custom resources the checks read through the dynamic client; the SecretProviderClass
// version is the one the identity component creates.
var (
	ClusterIssuers        = schema.GroupVersionResource{Group: "cert-manager.io", Version: "v1", Resource: "clusterissuers"}
	Applications          = schema.GroupVersionResource{Group: "argoproj.io", Version: "v1alpha1", Resource: "applications"}
	SecretProviderClasses = schema.FromAPIVersionAndKind(identity.SecretProviderClassAPIVersion, identity.SecretProviderClassKind).
				GroupVersion().WithResource("secretproviderclasses")
)

// clusterIssuer checks that cert-manager's ClusterIssuer is Ready: its ACME account is
// registered, so certificates can be issued.
func (c *cluster) clusterIssuer(ctx context.Context, name string) Result {
	return c.check("cert-manager/clusterissuer/"+name, "ClusterIssuer "+name+" with condition Ready=True", func() (bool, string, error) {
		u, err := c.Dynamic.Resource(ClusterIssuers).Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return false, "", err
		}
		status, reason := condition(u, "Ready")
		return status == "True", "Ready=" + status + reason, nil
	})
}

// condition returns the status of the condition typ in status.conditions ("" when absent)
// and its reason and message, formatted for a finding.
func condition(u *unstructured.Unstructured, typ string) (string, string) {
	conds, _, _ := unstructured.NestedSlice(u.Object, "status", "conditions")
	for _, c := range conds {
		m, _ := c.(map[string]any)
		if m["type"] != typ {
			continue
		}
		status, _ := m["status"].(string)
		var why []string
		for _, k := range []string{"reason", "message"} {
			if s, _ := m[k].(string); s != "" {
				why = append(why, s)
			}
		}
		if len(why) == 0 {
			return status, ""
		}
		return status, " (" + strings.Join(why, ": ") + ")"
	}
	return "absent", ""
}

// applications checks that, in each Argo CD instance's namespace, there are Applications (at
// least the root one the platform creates) and every one is Synced and Healthy.
func (c *cluster) applications(ctx context.Context, namespaces []string) []Result {
	var out []Result
	for _, ns := range namespaces {
		expected := "at least one Application in " + ns + " (the root), every one Synced and Healthy"
		out = append(out, c.check("argocd/applications/"+ns, expected, func() (bool, string, error) {
			l, err := c.Dynamic.Resource(Applications).Namespace(ns).List(ctx, metav1.ListOptions{})
			if err != nil {
				return false, "", err
			}
			if len(l.Items) == 0 {
				return false, "no Applications", nil
			}
			var bad []string
			for _, a := range l.Items {
				sync, _, _ := unstructured.NestedString(a.Object, "status", "sync", "status")
				health, _, _ := unstructured.NestedString(a.Object, "status", "health", "status")
				if sync != "Synced" || health != "Healthy" {
					bad = append(bad, fmt.Sprintf("%s %s/%s", a.GetName(), orNone(sync), orNone(health)))
				}
			}
			found := fmt.Sprintf("%d Applications, %d Synced and Healthy", len(l.Items), len(l.Items)-len(bad))
			if len(bad) > 0 {
				found += "; not: " + strings.Join(bad, ", ")
			}
			return len(bad) == 0, found, nil
		}))
	}
	return out
}

func orNone(s string) string {
	if s == "" {
		return "(no status)"
	}
	return s
}

// secretProviderClasses checks that each workload's SecretProviderClass exists: without it
// the workload's pods cannot mount their secrets and never start.
func (c *cluster) secretProviderClasses(ctx context.Context, objs []Object) []Result {
	var out []Result
	for _, o := range objs {
		expected := fmt.Sprintf("%s %s/%s present", identity.SecretProviderClassKind, o.Namespace, o.Name)
		out = append(out, c.check("secrets/"+o.Namespace+"/"+o.Name, expected, func() (bool, string, error) {
			u, err := c.Dynamic.Resource(SecretProviderClasses).Namespace(o.Namespace).Get(ctx, o.Name, metav1.GetOptions{})
			if err != nil {
				return false, "", err
			}
			provider, _, _ := unstructured.NestedString(u.Object, "spec", "provider")
			return true, "present, provider " + orNone(provider), nil
		}))
	}
	return out
}

// guid is the form of an Entra ID client ID.
var guid = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// serviceAccounts checks that every workload's ServiceAccount carries its identity's client
// ID, which the workload identity webhook injects into the pods. The ID is a cloud value:
// with stack outputs it must equal the identity's; without them any GUID passes, and the
// expectation says so.
func (c *cluster) serviceAccounts(ctx context.Context, sas []ServiceAccount) []Result {
	var out []Result
	for _, sa := range sas {
		expected := fmt.Sprintf("ServiceAccount %s/%s annotated %s=", sa.Namespace, sa.Name, identity.ClientIDAnnotation)
		if sa.ClientID != "" {
			expected += sa.ClientID + " (stack output " + ClientIDOutput(c.region, sa.Workload) + ")"
		} else {
			expected += "<a GUID> (no stack output " + ClientIDOutput(c.region, sa.Workload) + ": the exact ID is not checked)"
		}
		out = append(out, c.check("identity/serviceaccount/"+sa.Namespace+"/"+sa.Name, expected, func() (bool, string, error) {
			got, err := c.Kube.CoreV1().ServiceAccounts(sa.Namespace).Get(ctx, sa.Name, metav1.GetOptions{})
			if err != nil {
				return false, "", err
			}
			id, ok := got.Annotations[identity.ClientIDAnnotation]
			if !ok {
				return false, "no " + identity.ClientIDAnnotation + " annotation", nil
			}
			if sa.ClientID != "" {
				return id == sa.ClientID, "annotated " + fmt.Sprintf("%q", id), nil
			}
			return guid.MatchString(id), "annotated " + fmt.Sprintf("%q", id), nil
		}))
	}
	return out
}
