package fleet

import (
	"fmt"
	"strings"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"

	"github.com/aksplatform/platform/policy/rules"
)

// Operation is what the fleet does to each environment.
type Operation string

// Operations. Plan is offline; the others run the Pulumi CLI through the Automation API.
const (
	Plan    Operation = "plan"
	Preview Operation = "preview"
	Up      Operation = "up"
	Drift   Operation = "drift"
)

// Conformance checks the live clusters of an environment (internal/conformance). It is not
// run by Runner.Run, which would import its caller: the command runs it with Runner.Do.
const Conformance Operation = "conformance"

// Operations lists every operation Runner.Run runs, in the order the command shows them.
var Operations = []Operation{Plan, Preview, Up, Drift}

// Status is the outcome of one operation on one environment.
type Status string

// Statuses. Changes means a preview (or a drift check's preview) found work to do; Drift means
// a refresh found resources that changed outside Pulumi.
const (
	OK      Status = "ok"
	Changes Status = "changes"
	Drifted Status = "drift"
	Failed  Status = "failed"
	Skipped Status = "skipped"
)

// Counts are the resource operations of an update, a preview or a refresh, grouped the way
// `pulumi preview` summarises them.
type Counts struct {
	Create  int `json:"create"`
	Update  int `json:"update"`
	Delete  int `json:"delete"`
	Replace int `json:"replace"`
	Same    int `json:"same"`
}

// Changed is the number of resources that would change or did change (everything but Same).
func (c Counts) Changed() int { return c.Create + c.Update + c.Delete + c.Replace }

// String renders the counts compactly: "+1 ~2 -0 +-0 =5".
func (c Counts) String() string {
	return fmt.Sprintf("+%d ~%d -%d +-%d =%d", c.Create, c.Update, c.Delete, c.Replace, c.Same)
}

// countOps folds an engine change summary (keys are apitype.OpType values) into Counts.
// A replacement is reported by the engine as replace plus create-replacement plus
// delete-replaced; only replace is counted so that one replaced resource counts once.
func countOps[K ~string](summary map[K]int) Counts {
	var c Counts
	for op, n := range summary {
		switch apitype.OpType(op) {
		case apitype.OpCreate, apitype.OpImport:
			c.Create += n
		case apitype.OpUpdate:
			c.Update += n
		case apitype.OpDelete, apitype.OpReadDiscard, apitype.OpDiscardReplaced:
			c.Delete += n
		case apitype.OpReplace, apitype.OpImportReplacement, apitype.OpReadReplacement:
			c.Replace += n
		case apitype.OpSame, apitype.OpRead, apitype.OpRefresh:
			c.Same += n
		}
	}
	return c
}

// Result is the outcome of one operation on one environment.
type Result struct {
	Environment string    `json:"environment"`
	Stack       string    `json:"stack"`
	Operation   Operation `json:"operation"`
	Status      Status    `json:"status"`
	// Changes is what a preview would do or an update did; for Drift, what the refresh found
	// changed outside Pulumi.
	Changes Counts `json:"changes,omitzero"`
	// Pending is, for Drift only, what the program and config would still change: work that
	// is committed to the fleet but not deployed. It is not drift and does not set Drifted.
	Pending *Counts `json:"pending,omitempty"`
	// Resources is, for Plan, the number of resources the program registers offline.
	Resources int `json:"resources,omitempty"`
	// Verdicts are, for Plan with policy, the policy violations found offline.
	Verdicts []rules.Verdict `json:"verdicts,omitempty"`
	// Detail says why an environment was skipped or adds a note to its status.
	Detail   string        `json:"detail,omitempty"`
	Duration time.Duration `json:"-"`
	Error    string        `json:"error,omitempty"`
	// Report holds what an operation run through Do found (conformance: every check's
	// result); its Summary fills the "changes" column.
	Report Report `json:"report,omitempty"`
}

// Report is an operation's own findings for one environment.
type Report interface{ Summary() string }

// Summary renders what changed, for the "changes" column of the table.
func (r Result) Summary() string {
	switch {
	case r.Report != nil:
		return r.Report.Summary()
	case r.Status == Skipped || (r.Status == Failed && r.Resources == 0 && r.Changes == Counts{}):
		return "-"
	case r.Operation == Plan:
		s := fmt.Sprintf("%d resources", r.Resources)
		if r.Verdicts != nil || r.Status == Failed {
			s += fmt.Sprintf(", %d mandatory / %d other violations",
				len(rules.Blocking(r.Verdicts)), len(r.Verdicts)-len(rules.Blocking(r.Verdicts)))
		}
		return s
	case r.Operation == Drift:
		s := "refresh " + r.Changes.String()
		if r.Pending != nil {
			s += "; pending " + r.Pending.String()
		}
		return s
	default:
		return r.Changes.String()
	}
}

// AnyFailed reports whether any result failed.
func AnyFailed(rs []Result) bool { return anyStatus(rs, Failed) }

// AnyDrifted reports whether any result found drift.
func AnyDrifted(rs []Result) bool { return anyStatus(rs, Drifted) }

func anyStatus(rs []Result, s Status) bool {
	for _, r := range rs {
		if r.Status == s {
			return true
		}
	}
	return false
}

// Names returns the environment names of the results with status s, comma separated.
func Names(rs []Result, s Status) string {
	var names []string
	for _, r := range rs {
		if r.Status == s {
			names = append(names, r.Environment)
		}
	}
	return strings.Join(names, ", ")
}
