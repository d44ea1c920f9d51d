package stacks

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/aksplatform/platform/internal/plan"
	"github.com/aksplatform/platform/validation"
)

// fuzzFile names the input in errors, as LoadFile names the file it read.
const fuzzFile = "fuzz.yaml"

// FuzzStackFile runs the whole path from a stack file to a plan: the reader, strict decoding,
// defaults, validation and the offline plan of stacks.Program under mocks. Any input either
// plans or is rejected with problems that each name a full key under aks-platform:, never a
// panic. Only a file that is no YAML at all, or has no config section, is rejected without a
// key: there is no key to name. What it found is kept in testdata/fuzz/FuzzStackFile.
//
//	go test -run '^$' -fuzz FuzzStackFile -fuzztime 3m -parallel 1 ./stacks
func FuzzStackFile(f *testing.F) {
	for _, stack := range []string{"dev", "prod"} {
		data, err := os.ReadFile("../Pulumi." + stack + ".yaml")
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
		for _, m := range fuzzMutations[stack] {
			mutated := bytes.Replace(data, []byte(m[0]), []byte(m[1]), 1)
			if bytes.Equal(mutated, data) {
				f.Fatalf("mutation %q does not apply to Pulumi.%s.yaml", m[0], stack)
			}
			f.Add(mutated)
		}
	}
	for _, s := range []string{"", "config: 3", "config:\n  aks-platform:regions: [{}]\n", "config:\n  aks-platform:aks: {podCidr: 10.244.0.0/30}\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		env, err := loadStackFile(fuzzFile, data)
		if err != nil {
			requireKeyedProblems(t, err)
			return
		}
		if _, err := plan.Run(Project, string(env.Kind), Program(env)); err != nil {
			t.Fatalf("a valid stack file must plan: %v", err)
		}
	})
}

// fuzzMutations seed the fuzzer with what users get wrong, each a replacement in a shipped file.
var fuzzMutations = map[string][][2]string{
	"dev": {
		{"networkPlugin: kubenet", "networkPlugin: azure"},
		{"networkPlugin: kubenet", "networkPlugin: azure-overlay"},
		{"privateSubnetPrefixLength: 20", "privateSubnetPrefixLength: 33"},
		{"podCidr: 10.244.0.0/16", "podCidr: 10.244.0.0/30"},
		{"maxCount: 5", "maxCount: 500"},
		{"environment: dev", "environment: prod"},
		{"controller: nginx", "controller: agic"},
		{"firewall: false", "firewall: true"},
		{"day: Saturday", "day: Caturday"},
		{"length: 32", "length: .nan"},
	},
	"prod": {
		{"addressSpace: 10.21.0.0/16", "addressSpace: 10.11.0.0/16"},
		{"addressSpace: 10.20.0.0/22", "addressSpace: 10.20.0.0/30"},
		{"location: westeurope", "location: northeurope"},
		{"maxPods: 30", "maxPods: 250"},
		{`zones: ["1", "2", "3"]`, "zones: []"},
		{"serviceCidr: 172.16.0.0/16", "serviceCidr: 10.11.0.0/16"},
		{"durationHours: 4", "durationHours: 99999999999"},
		{`startTime: "01:00"`, `startTime: "99:99"`},
		{"hostName: shop.aksplatform.example", "hostName: \"\""},
	},
}

// requireKeyedProblems fails unless err lists problems that each name a key under the
// namespace, or is a file that is no YAML or has no config section (no key to name).
func requireKeyedProblems(t *testing.T, err error) {
	t.Helper()
	var verr *validation.Error
	if !errors.As(err, &verr) {
		msg := err.Error()
		if strings.HasPrefix(msg, fuzzFile+": yaml: ") || msg == fuzzFile+": no config section" {
			return
		}
		t.Fatalf("rejected without a key: %v", err)
	}
	if len(verr.Problems) == 0 {
		t.Fatalf("an error without problems: %v", err)
	}
	for _, p := range verr.Problems {
		if !strings.HasPrefix(p.Key, Namespace+":") {
			t.Errorf("problem without a full key: %q: %s", p.Key, p.Reason)
		}
	}
}
