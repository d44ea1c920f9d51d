//go:build tools

// Package tools records the Pulumi CLI as a dependency of this module so that `go build` of
// github.com/pulumi/pulumi/pkg/v3/cmd/pulumi uses the versions pinned in go.mod/go.sum.
package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
