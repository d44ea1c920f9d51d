//go:build aksplatform_deps

// Package deps pins the modules that packages in progress import, so that go.mod and go.sum
// hold them from the first commit (the module proxy here serves only some versions; see
// ../../README.md). Removed once every module is imported by real code.
package deps

import (
	_ "github.com/pulumi/pulumi-azure-native-sdk/compute/v2"
	_ "github.com/pulumi/pulumi-azure-native-sdk/insights/v2"
	_ "github.com/pulumi/pulumi-azure-native-sdk/storage/v2"
	_ "github.com/pulumi/pulumi-go-provider"
	_ "github.com/pulumi/pulumi-go-provider/infer"
	_ "github.com/pulumi/pulumi-go-provider/integration"
	_ "github.com/pulumi/pulumi-yaml/pkg/pulumiyaml"
	_ "k8s.io/client-go/kubernetes"
	_ "k8s.io/client-go/kubernetes/fake"
	_ "k8s.io/client-go/tools/clientcmd"
)
