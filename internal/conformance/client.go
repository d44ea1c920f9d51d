package conformance

import (
	"context"
	"fmt"
	"time"

	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"

	"github.com/aksplatform/platform/stacks"
)

// Timeout bounds every request to an API server, so that a cluster that does not answer
// (a private API server seen from outside its network) fails its checks instead of hanging.
const Timeout = 20 * time.Second

// KubeconfigOutput is the stack output that holds region's kubeconfig (a secret): the
// cluster's Entra ID user kubeconfig, which signs in through kubelogin.
func KubeconfigOutput(region string) string { return stacks.RegionOutput(region, "kubeconfig") }

// NewClients builds the clients of the cluster a kubeconfig names: its current context, or
// contextName when given.
func NewClients(cfg *clientcmdapi.Config, contextName string) (Clients, error) {
	overrides := &clientcmd.ConfigOverrides{}
	if contextName != "" {
		overrides.CurrentContext = contextName
	}
	rest, err := clientcmd.NewNonInteractiveClientConfig(*cfg, contextName, overrides, nil).ClientConfig()
	if err != nil {
		return Clients{}, fmt.Errorf("kubeconfig: %w", err)
	}
	rest.Timeout = Timeout
	rest.UserAgent = "aksplatform-conformance"
	kube, err := kubernetes.NewForConfig(rest)
	if err != nil {
		return Clients{}, err
	}
	dyn, err := dynamic.NewForConfig(rest)
	if err != nil {
		return Clients{}, err
	}
	return Clients{Kube: kube, Dynamic: dyn}, nil
}

// KubeconfigFile connects to the cluster of a kubeconfig file whatever the region: use it
// for one region at a time.
func KubeconfigFile(path, contextName string) Connector {
	return func(context.Context, string) (Clients, error) {
		cfg, err := clientcmd.LoadFromFile(path)
		if err != nil {
			return Clients{}, fmt.Errorf("kubeconfig %s: %w", path, err)
		}
		return NewClients(cfg, contextName)
	}
}

// KubeconfigOutputs connects to each region's cluster with the kubeconfig in the stack
// output KubeconfigOutput(region).
func KubeconfigOutputs(outputs Outputs, contextName string) Connector {
	return func(_ context.Context, region string) (Clients, error) {
		key := KubeconfigOutput(region)
		data, ok := outputs.String(key)
		if !ok {
			return Clients{}, fmt.Errorf("the stack has no output %s: is the region deployed?", key)
		}
		cfg, err := clientcmd.Load([]byte(data))
		if err != nil {
			return Clients{}, fmt.Errorf("stack output %s: %w", key, err)
		}
		return NewClients(cfg, contextName)
	}
}
