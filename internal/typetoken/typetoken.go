// Package typetoken holds the facts about Pulumi resource type tokens that the stacks, the
// offline planner and the policy rules must agree on: the token of the region component, and
// how an azure-native token is written without an explicit API version. It is a leaf: it
// imports nothing of the platform, so every layer can use it without an upward arrow.
package typetoken

import "strings"

// Region is the type token of the ComponentResource under which the stacks parent everything
// of one region; its name is the Azure location. The region-independence rule finds regions by
// it, so the stacks and the rule read this one constant: if they drifted apart the rule would
// find no region and pass silently.
const Region = "aksplatform:stacks:Region"

// Split splits a type token into package, module and type; the module comes without an
// explicit API version ("containerservice/v20240901" is "containerservice"). A token that is
// not package:module:type is returned whole as pkg.
func Split(token string) (pkg, module, typ string) {
	parts := strings.Split(token, ":")
	if len(parts) != 3 {
		return token, "", ""
	}
	module, _, _ = strings.Cut(parts[1], "/")
	return parts[0], module, parts[2]
}

// Base drops an explicit API version from an azure-native type token:
// "azure-native:containerservice/v20240901:ManagedCluster" is the same Azure resource as
// "azure-native:containerservice:ManagedCluster", so the planner gives both the same
// placeholders and the policy rules judge both. Other tokens are returned unchanged
// ("kubernetes:helm.sh/v3:Release" keeps its version: there it is part of the type).
func Base(token string) string {
	pkg, module, typ := Split(token)
	if pkg != "azure-native" || module == "" {
		return token
	}
	return pkg + ":" + module + ":" + typ
}
