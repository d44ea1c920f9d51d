// Package conformance checks live clusters of the platform against what their stack config
// says they should run: nodes Ready at the expected version per pool, the system, ingress,
// cert-manager and Argo CD workloads available, cluster DNS serving, the ingress address,
// the ClusterIssuer Ready, Argo CD Applications Synced and Healthy, the workload identity
// webhook, the workloads' ServiceAccounts and SecretProviderClasses, and optionally the health
// probe path through Front Door and directly.
//
// Every check is read-only (get and list through client-go, plus HTTP GET/HEAD): safe on
// production at any time, after every upgrade and on a schedule. Nothing is created in the
// cluster. A cluster that cannot be reached or that forbids a read gives each check an error
// result saying so; nothing panics.
package conformance

import (
	"fmt"
	"strings"
)

// Status is the outcome of one check.
type Status string

// Statuses: Pass and Fail say what the check found; Error says it could not look (the API
// server unreachable, a read forbidden, a CRD not served).
const (
	Pass  Status = "pass"
	Fail  Status = "fail"
	Error Status = "error"
)

// Result is the outcome of one check in one region: what it expected and what it found, in
// words an operator can act on.
type Result struct {
	Name     string `json:"name"`
	Region   string `json:"region"`
	Status   Status `json:"status"`
	Expected string `json:"expected"`
	Found    string `json:"found"`
}

// Report is the outcome of a conformance run over one or more regions.
type Report struct {
	Results []Result `json:"results"`
}

// Counts returns how many results have each status.
func (r Report) Counts() map[Status]int {
	c := map[Status]int{}
	for _, res := range r.Results {
		c[res.Status]++
	}
	return c
}

// OK reports whether every check passed.
func (r Report) OK() bool { return len(r.Failures()) == 0 }

// Failures returns the results that did not pass (failed or could not run).
func (r Report) Failures() []Result {
	var out []Result
	for _, res := range r.Results {
		if res.Status != Pass {
			out = append(out, res)
		}
	}
	return out
}

// Summary renders the counts: "31 checks: 30 pass, 1 fail, 0 error". It makes a Report a
// fleet.Report, so that `fleet conformance` shows it in its table.
func (r Report) Summary() string {
	c := r.Counts()
	return fmt.Sprintf("%d checks: %d pass, %d fail, %d error", len(r.Results), c[Pass], c[Fail], c[Error])
}

// Err is nil when every check passed, else an error listing each failure with what was
// expected and found.
func (r Report) Err() error {
	fs := r.Failures()
	if len(fs) == 0 {
		return nil
	}
	lines := make([]string, len(fs))
	for i, f := range fs {
		lines[i] = fmt.Sprintf("%s %s: %s: expected %s; found %s", f.Region, f.Name, f.Status, f.Expected, f.Found)
	}
	return fmt.Errorf("%d of %d conformance checks did not pass:\n  %s", len(fs), len(r.Results), strings.Join(lines, "\n  "))
}

// result builds a Result whose status follows ok.
func result(name string, ok bool, expected, found string) Result {
	s := Fail
	if ok {
		s = Pass
	}
	return Result{Name: name, Status: s, Expected: expected, Found: found}
}
