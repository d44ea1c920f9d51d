package conformancetest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
)

// resources maps a kind to its REST resource name, for every kind Healthy builds.
var resources = map[string]string{
	"Node": "nodes", "Service": "services", "ServiceAccount": "serviceaccounts",
	"Deployment": "deployments", "StatefulSet": "statefulsets", "EndpointSlice": "endpointslices",
	"Ingress": "ingresses", "ClusterIssuer": "clusterissuers", "Application": "applications",
	"SecretProviderClass": "secretproviderclasses",
}

// Server answers like a Kubernetes API server holding c's objects, read-only: GET of an
// object (/api/v1/namespaces/ns/services/name, /apis/group/version/...), GET of a collection
// as a List (with labelSelector), and /version; anything else, and any other method, is a
// Kubernetes Status error. The caller closes it.
func Server(c *Cluster, serverVersion string) *httptest.Server {
	objects := map[string]map[string]any{}
	for _, o := range c.Kube {
		u, err := runtime.DefaultUnstructuredConverter.ToUnstructured(o)
		if err != nil {
			panic(err)
		}
		add(objects, &unstructured.Unstructured{Object: u})
	}
	for _, u := range c.Custom {
		add(objects, u)
	}
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet {
			Status(w, http.StatusMethodNotAllowed, "MethodNotAllowed", "read-only test server")
			return
		}
		if r.URL.Path == "/version" {
			writeJSON(w, http.StatusOK, map[string]string{"gitVersion": serverVersion, "major": "1"})
			return
		}
		if o, ok := objects[r.URL.Path]; ok {
			writeJSON(w, http.StatusOK, o)
			return
		}
		sel, err := labels.Parse(r.URL.Query().Get("labelSelector"))
		if err != nil {
			Status(w, http.StatusBadRequest, "BadRequest", err.Error())
			return
		}
		items := []any{}
		kind, apiVersion := "", groupVersion(r.URL.Path)
		for path, o := range objects {
			if strings.HasPrefix(path, r.URL.Path+"/") && !strings.Contains(path[len(r.URL.Path)+1:], "/") {
				u := &unstructured.Unstructured{Object: o}
				if sel.Matches(labels.Set(u.GetLabels())) {
					items = append(items, o)
				}
				kind = u.GetKind()
			}
		}
		if kind == "" {
			parts := strings.Split(r.URL.Path, "/")
			switch n := len(parts); {
			case isResource(parts[n-1]): // an empty collection
			case n >= 2 && isResource(parts[n-2]):
				notFound(w, parts[n-2], parts[n-1])
				return
			default:
				Status(w, http.StatusNotFound, "NotFound", "the server could not find the requested resource")
				return
			}
		}
		writeJSON(w, http.StatusOK, map[string]any{"kind": kind + "List", "apiVersion": apiVersion, "metadata": map[string]any{}, "items": items})
	}))
}

// groupVersion is the API version a path is under: v1 for /api/v1/..., g/v for /apis/g/v/....
func groupVersion(path string) string {
	parts := strings.Split(strings.TrimPrefix(path, "/"), "/")
	if parts[0] == "api" && len(parts) > 1 {
		return parts[1]
	}
	if len(parts) > 2 {
		return parts[1] + "/" + parts[2]
	}
	return "v1"
}

func isResource(name string) bool {
	for _, r := range resources {
		if r == name {
			return true
		}
	}
	return false
}

// notFound answers as the API server does for a missing object: its name and resource in
// the Status details.
func notFound(w http.ResponseWriter, resource, name string) {
	writeJSON(w, http.StatusNotFound, map[string]any{"kind": "Status", "apiVersion": "v1", "status": "Failure",
		"reason": "NotFound", "code": http.StatusNotFound, "message": resource + " \"" + name + "\" not found",
		"details": map[string]any{"name": name, "kind": resource}})
}

func add(objects map[string]map[string]any, u *unstructured.Unstructured) {
	objects[Path(u)] = u.Object
}

// Path is the REST path of an object.
func Path(u *unstructured.Unstructured) string {
	gv := u.GetAPIVersion()
	p := "/apis/" + gv
	if !strings.Contains(gv, "/") {
		p = "/api/" + gv
	}
	if ns := u.GetNamespace(); ns != "" {
		p += "/namespaces/" + ns
	}
	return p + "/" + resources[u.GetKind()] + "/" + u.GetName()
}

// Status writes a Kubernetes Status error, as the API server does.
func Status(w http.ResponseWriter, code int, reason, message string) {
	writeJSON(w, code, map[string]any{"kind": "Status", "apiVersion": "v1", "status": "Failure",
		"reason": reason, "message": message, "code": code})
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}
