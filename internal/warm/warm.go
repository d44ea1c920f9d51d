package warm

import (
	_ "github.com/pulumi/pulumi-azure-native-sdk/authorization/v2"
	_ "github.com/pulumi/pulumi-azure-native-sdk/containerregistry/v2"
	_ "github.com/pulumi/pulumi-azure-native-sdk/containerservice/v2"
	_ "github.com/pulumi/pulumi-azure-native-sdk/keyvault/v2"
	_ "github.com/pulumi/pulumi-azure-native-sdk/managedidentity/v2"
	_ "github.com/pulumi/pulumi-azure-native-sdk/network/v2"
	_ "github.com/pulumi/pulumi-azure-native-sdk/operationalinsights/v2"
	_ "github.com/pulumi/pulumi-azure-native-sdk/resources/v2"
	_ "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	_ "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/helm/v3"
	_ "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	_ "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apiextensions"
	_ "github.com/pulumi/pulumi-random/sdk/v4/go/random"
	_ "github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	_ "github.com/pulumi/pulumi/sdk/v3/go/auto"
	_ "github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
	_ "github.com/spf13/cobra"
	_ "github.com/stretchr/testify/require"
	_ "go4.org/netipx"
	_ "gopkg.in/yaml.v3"
)
