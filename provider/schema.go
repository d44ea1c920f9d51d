package provider

import (
	"context"
	"encoding/json"

	p "github.com/pulumi/pulumi-go-provider"
)

// Schema returns the package schema as provider/schema.json holds it: indented JSON with a
// trailing newline, the same bytes on every run (objects are written with sorted keys).
func Schema(ctx context.Context) ([]byte, error) {
	prov, err := New()
	if err != nil {
		return nil, err
	}
	spec, err := p.GetSchema(ctx, Name, Version, prov)
	if err != nil {
		return nil, err
	}
	out, err := json.MarshalIndent(spec, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(out, '\n'), nil
}
