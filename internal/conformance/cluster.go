package conformance

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
)

// Clients reach one cluster: the typed client for built-in kinds, the dynamic one for the
// custom resources (ClusterIssuer, Application, SecretProviderClass).
type Clients struct {
	Kube    kubernetes.Interface
	Dynamic dynamic.Interface
}

// cluster runs the checks of one region against its clients.
type cluster struct {
	Clients
	region string
	// down is set when the API server could not be reached at all: every check then reports
	// it instead of waiting for its own connection to fail.
	down error
	// nodes caches the node list, read once for every pool's check.
	nodes *nodeList
}

// check runs look and turns its outcome into a Result: look's verdict and finding, or, when
// it could not read, an error result that says why (unreachable, forbidden, missing CRD).
func (c *cluster) check(name, expected string, look func() (ok bool, found string, err error)) Result {
	r := Result{Name: name, Region: c.region, Expected: expected}
	if c.down != nil {
		r.Status, r.Found = Error, c.down.Error()
		return r
	}
	ok, found, err := look()
	if err != nil {
		r.Status, r.Found = readFailure(err)
		return r
	}
	r.Status, r.Found = result(name, ok, expected, found).Status, found
	return r
}

// readFailure classifies an error of a read. A missing object is a failure of the check (the
// thing is not there); anything else means the check could not look, and says what to do.
func readFailure(err error) (Status, string) {
	var status apierrors.APIStatus
	switch {
	case apierrors.IsNotFound(err):
		if d := apiDetails(err); d != nil && d.Name == "" {
			// No object name: the resource type itself is not served.
			return Fail, "not found: the API server does not serve this resource (is its CRD installed?): " + err.Error()
		}
		return Fail, "not found: " + err.Error()
	case apierrors.IsForbidden(err):
		return Error, "forbidden: " + err.Error() + " (the checking principal needs read access: " +
			"with Azure RBAC for Kubernetes, Azure Kubernetes Service RBAC Reader in the namespace, or a role that may list nodes and CRDs)"
	case apierrors.IsUnauthorized(err):
		return Error, "unauthorized: the API server rejected the credentials (kubelogin signed in? token expired?): " + err.Error()
	case errors.As(err, &status):
		return Error, "API error: " + err.Error()
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		return Error, "timed out: " + err.Error()
	case transport(err):
		return Error, unreachable(err).Error()
	default:
		return Error, "cannot read the answer: " + err.Error()
	}
}

// transport reports whether err is a failure to talk to the server at all (connection
// refused, DNS, TLS, timeout), which client-go returns as a *url.Error.
func transport(err error) bool {
	var u *url.Error
	var n net.Error
	return errors.As(err, &u) || errors.As(err, &n)
}

func apiDetails(err error) *metav1.StatusDetails {
	var status apierrors.APIStatus
	if errors.As(err, &status) {
		return status.Status().Details
	}
	return nil
}

// unreachable wraps a transport error: the API server did not answer.
func unreachable(err error) error {
	msg := err.Error()
	hint := ""
	if strings.Contains(msg, "no such host") || strings.Contains(msg, "i/o timeout") || strings.Contains(msg, "connection refused") {
		hint = " (a private cluster's API server answers only from its hub's management subnet; see README, Deploying for real)"
	}
	return fmt.Errorf("API server unreachable: %s%s", msg, hint)
}

// probe asks the API server for its version. A transport error marks the cluster down, so
// that every later check reports it at once; an API error (forbidden, say) does not, since
// other reads may still be allowed.
func (c *cluster) probe() (string, error) {
	v, err := c.Kube.Discovery().ServerVersion()
	if err != nil {
		if transport(err) {
			c.down = unreachable(err)
		}
		return "", err
	}
	return v.GitVersion, nil
}
