package gitops

import (
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/aksplatform/platform/components/registry"
)

// values are the argo-cd chart values of one instance.
//
// Both instances track resources by annotation under their own installation ID, so neither
// prunes or adopts what the other manages. Only the platform instance installs the CRDs and
// cluster roles. The applications instance gets the chart's namespaced roles, a cluster secret
// that limits it to the namespaces it manages (no cluster-scoped resources), and pinned
// ServiceAccount names, which the Roles from grant bind. Production runs the chart's HA layout
// (redis-ha, two replicas of server, repo server and ApplicationSet controller). With a
// registry login server, every image comes through the registry's artifact cache
// (registry.PullThroughCache).
func values(in instance, production bool, loginServer pulumi.StringInput) pulumi.Map {
	configs := pulumi.Map{
		"cm": pulumi.Map{
			"application.resourceTrackingMethod": pulumi.String("annotation"),
			"installationID":                     pulumi.String(in.key),
		},
	}
	controller, server := pulumi.Map{}, pulumi.Map{}
	if in.clusterWide {
		configs["cm"].(pulumi.Map)["resource.customizations.health.argoproj.io_Application"] = pulumi.String(applicationHealth)
	}
	if !in.clusterWide {
		// The chart (7.7.11) names the secret after the key and writes namespaces and
		// clusterResources as given; Argo CD reads clusterResources as the string "true" or not.
		configs["clusterCredentials"] = pulumi.Map{
			"in-cluster": pulumi.Map{
				"server":           pulumi.String(InClusterServer),
				"namespaces":       pulumi.String(strings.Join(in.managed, ",")),
				"clusterResources": pulumi.String("false"),
				"config":           pulumi.Map{"tlsClientConfig": pulumi.Map{"insecure": pulumi.Bool(false)}},
			},
		}
		controller["serviceAccount"] = pulumi.Map{"name": pulumi.String(ControllerServiceAccount)}
		server["serviceAccount"] = pulumi.Map{"name": pulumi.String(ServerServiceAccount)}
	}
	v := pulumi.Map{
		"crds":               pulumi.Map{"install": pulumi.Bool(in.clusterWide), "keep": pulumi.Bool(true)},
		"createClusterRoles": pulumi.Bool(in.clusterWide),
		"configs":            configs,
	}
	if production {
		v["redis-ha"] = pulumi.Map{"enabled": pulumi.Bool(true)}
		controller["replicas"] = pulumi.Int(1)
		server["replicas"] = pulumi.Int(2)
		v["repoServer"] = pulumi.Map{"replicas": pulumi.Int(2)}
		v["applicationSet"] = pulumi.Map{"replicas": pulumi.Int(2)}
	}
	if len(controller) > 0 {
		v["controller"] = controller
	}
	if len(server) > 0 {
		v["server"] = server
	}
	registry.PullThroughCache(v, loginServer, ChartImages)
	return v
}
