package gitops

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

// values are the argo-cd chart values of one instance.
//
// Both instances track resources by annotation under their own installation ID, so neither
// prunes or adopts what the other manages. Only the platform instance installs the CRDs and
// cluster roles; the applications instance gets namespaced roles and a cluster secret that
// limits it to its own namespace. Production runs the chart's HA layout (redis-ha, two
// replicas of server, repo server and ApplicationSet controller).
func values(in instance, production bool) pulumi.Map {
	configs := pulumi.Map{
		"cm": pulumi.Map{
			"application.resourceTrackingMethod": pulumi.String("annotation"),
			"installationID":                     pulumi.String(in.key),
		},
	}
	if !in.clusterWide {
		configs["clusterCredentials"] = pulumi.Map{
			"in-cluster": pulumi.Map{
				"server":           pulumi.String(InClusterServer),
				"namespaces":       pulumi.String(in.namespace),
				"clusterResources": pulumi.Bool(false),
				"config":           pulumi.Map{"tlsClientConfig": pulumi.Map{"insecure": pulumi.Bool(false)}},
			},
		}
	}
	v := pulumi.Map{
		"crds":               pulumi.Map{"install": pulumi.Bool(in.clusterWide), "keep": pulumi.Bool(true)},
		"createClusterRoles": pulumi.Bool(in.clusterWide),
		"configs":            configs,
	}
	if production {
		v["redis-ha"] = pulumi.Map{"enabled": pulumi.Bool(true)}
		v["controller"] = pulumi.Map{"replicas": pulumi.Int(1)}
		v["server"] = pulumi.Map{"replicas": pulumi.Int(2)}
		v["repoServer"] = pulumi.Map{"replicas": pulumi.Int(2)}
		v["applicationSet"] = pulumi.Map{"replicas": pulumi.Int(2)}
	}
	return v
}
