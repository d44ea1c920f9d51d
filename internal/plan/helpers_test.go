package plan

import (
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func pulumiArgs(token, name string, inputs map[string]string) pulumi.MockResourceArgs {
	m := resource.PropertyMap{}
	for k, v := range inputs {
		m[resource.PropertyKey(k)] = resource.NewProperty(v)
	}
	return pulumi.MockResourceArgs{TypeToken: token, Name: name, Inputs: m, Custom: true}
}
