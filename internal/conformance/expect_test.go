package conformance_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/aksplatform/platform/components/frontdoor"
	"github.com/aksplatform/platform/components/gitops"
	"github.com/aksplatform/platform/components/ingress"
	"github.com/aksplatform/platform/internal/conformance"
	"github.com/aksplatform/platform/internal/conformance/conformancetest"
)

func TestExpectFollowsTheConfig(t *testing.T) {
	dev, prod := loadEnv(t, "dev"), loadEnv(t, "prod")
	tests := []struct {
		name    string
		check   func(t *testing.T)
		wantErr string
	}{
		{name: "dev: NGINX Service, pools at the cluster version, cert-manager, both Argo CD instances, the workload", check: func(t *testing.T) {
			x, err := conformance.Expect(dev, "westeurope", nil)
			if err != nil {
				t.Fatal(err)
			}
			if x.Ingress == nil || x.Ingress.Kind != "Service" || x.Ingress.Object != (conformance.Object{Namespace: ingress.NGINXNamespace, Name: "nginx-ingress-controller"}) || x.Ingress.Address != "" {
				t.Errorf("ingress = %+v, want NGINX's Service with any address", x.Ingress)
			}
			want := []conformance.Pool{{Name: "system", Version: "1.37"}, {Name: "apps", Version: "1.37"}}
			if !slices.Equal(x.Pools, want) {
				t.Errorf("pools = %v, want %v", x.Pools, want)
			}
			if x.ClusterIssuer != ingress.ClusterIssuerName || x.DNSServiceIP != "172.16.0.10" || x.Version != "1.37" {
				t.Errorf("issuer %q, DNS %q, version %q", x.ClusterIssuer, x.DNSServiceIP, x.Version)
			}
			if !slices.Equal(x.ArgoNamespaces, []string{gitops.PlatformNamespace, gitops.ApplicationsNamespace}) {
				t.Errorf("Argo CD namespaces = %v", x.ArgoNamespaces)
			}
			for _, w := range []conformance.Workload{
				{Kind: conformance.Deployment, Object: conformance.Object{Namespace: "kube-system", Name: conformance.WebhookName}},
				{Kind: conformance.Deployment, Object: conformance.Object{Namespace: "argocd-apps", Name: "argocd-apps-repo-server"}},
				{Kind: conformance.StatefulSet, Object: conformance.Object{Namespace: "argocd", Name: "argocd-application-controller"}},
				{Kind: conformance.Deployment, Object: conformance.Object{Namespace: "cert-manager", Name: "cert-manager-webhook"}},
			} {
				if !slices.Contains(x.Workloads, w) {
					t.Errorf("workloads lack %+v", w)
				}
			}
			sa := conformance.ServiceAccount{Workload: "orders", Object: conformance.Object{Namespace: "orders", Name: "orders"}}
			if !slices.Equal(x.ServiceAccounts, []conformance.ServiceAccount{sa}) {
				t.Errorf("service accounts = %+v", x.ServiceAccounts)
			}
			if !slices.Equal(x.SecretProviderClasses, []conformance.Object{{Namespace: "orders", Name: "orders-secrets"}}) {
				t.Errorf("SecretProviderClasses = %+v", x.SecretProviderClasses)
			}
			if x.Probes != nil {
				t.Errorf("dev has no Front Door, probes = %+v", x.Probes)
			}
		}},
		{name: "prod: AGIC's probe Ingress, probes through Front Door and at the origin, cloud values from outputs", check: func(t *testing.T) {
			x, err := conformance.Expect(prod, "northeurope", conformance.Outputs{
				"northeurope.ingressAddress":                        "203.0.113.20",
				conformance.ClientIDOutput("northeurope", "orders"): conformancetest.ClientID,
			})
			if err != nil {
				t.Fatal(err)
			}
			if x.Ingress == nil || x.Ingress.Kind != "Ingress" || x.Ingress.Object.Name != ingress.AGICProbeName || x.Ingress.Address != "203.0.113.20" {
				t.Errorf("ingress = %+v, want AGIC's probe Ingress at the output address", x.Ingress)
			}
			if len(x.ServiceAccounts) == 0 || x.ServiceAccounts[0].ClientID != conformancetest.ClientID {
				t.Errorf("service accounts = %+v, want the output client ID", x.ServiceAccounts)
			}
			origin := "https://" + prod.FrontDoor.OriginHostName("northeurope") + frontdoor.HealthProbePath
			if len(x.Probes) != 2 || x.Probes[1].URL != origin || x.Probes[1].Host != prod.FrontDoor.HostName {
				t.Errorf("probes = %+v, want Front Door and %s with Host %s", x.Probes, origin, prod.FrontDoor.HostName)
			}
		}},
		{name: "a region the stack does not have", wantErr: `region "eastus" is not in the environment (regions: northeurope, westeurope)`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.wantErr != "" {
				_, err := conformance.Expect(prod, "eastus", nil)
				if err == nil || err.Error() != tc.wantErr {
					t.Fatalf("err = %v, want %s", err, tc.wantErr)
				}
				return
			}
			tc.check(t)
		})
	}
}

func TestHTTPProbes(t *testing.T) {
	env := loadEnv(t, "prod")
	ok := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != frontdoor.HealthProbeMethod || r.URL.Path != frontdoor.HealthProbePath || r.Host != env.FrontDoor.HostName {
			w.WriteHeader(http.StatusNotFound)
		}
	}))
	defer ok.Close()
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusBadGateway) }))
	defer down.Close()
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()

	tests := []struct {
		name   string
		server string
		want   conformance.Status
		found  string
	}{
		{"answers 2xx", ok.URL, conformance.Pass, "HTTP 200"},
		{"answers 502", down.URL, conformance.Fail, "HTTP 502"},
		{"does not answer", closed.URL, conformance.Error, "no answer"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// The probes go to the test server, with the Host header and path of the config.
			client := &http.Client{Transport: redirect(tc.server)}
			x, _ := conformance.Expect(env, "westeurope", nil)
			s := &conformance.Suite{Env: env, HTTP: client, Connect: func(context.Context, string) (conformance.Clients, error) {
				return conformance.Clients{}, errors.New("no cluster in this test")
			}}
			rep := s.Run(context.Background(), "westeurope")
			var probes []conformance.Result
			for _, r := range rep.Results {
				if strings.HasPrefix(r.Name, "http/") {
					probes = append(probes, r)
				}
			}
			if len(probes) != len(x.Probes) {
				t.Fatalf("%d probe results, want %d", len(probes), len(x.Probes))
			}
			for _, r := range probes {
				if r.Status != tc.want || !strings.Contains(r.Found, tc.found) {
					t.Errorf("%s: %s %q, want %s with %q", r.Name, r.Status, r.Found, tc.want, tc.found)
				}
			}
		})
	}
}

// redirect sends every request to server, keeping its path and Host header.
type redirect string

func (s redirect) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	host := r.Host
	if host == "" {
		host = r.URL.Host
	}
	u := *r.URL
	u.Scheme, u.Host = "http", strings.TrimPrefix(string(s), "http://")
	r.URL, r.Host = &u, host
	return http.DefaultTransport.RoundTrip(r)
}

func TestGate(t *testing.T) {
	env := loadEnv(t, "dev")
	x, _ := conformance.Expect(env, region, nil)
	healthy := conformancetest.Healthy(x)
	broken := conformancetest.Healthy(x)
	replace(broken, conformancetest.DeploymentObj("kube-system", "coredns", 2, 1))
	tests := []struct {
		name    string
		cluster *conformancetest.Cluster
		wantErr string
	}{
		{"passes on a conforming region", healthy, ""},
		{"names the failing check with what it expected and found", broken,
			"westeurope deployment/kube-system/coredns: fail: expected Deployment kube-system/coredns with every desired replica available; found 1/2 replicas available"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			clients, _, _ := conformancetest.Fakes(tc.cluster, "v1.37.3")
			gate := conformance.Gate(&conformance.Suite{Env: env,
				Connect: func(context.Context, string) (conformance.Clients, error) { return clients, nil }})
			err := gate(context.Background(), region)
			if tc.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("err = %v, want it to contain %q", err, tc.wantErr)
			}
		})
	}
}
