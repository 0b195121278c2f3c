package flows

import "github.com/nhttf/frontdoor/internal/yamlpos"

// Pos is a place in a flow file; Problem is an error or a warning found in flows.
type (
	Pos      = yamlpos.Pos
	Problem  = yamlpos.Problem
	Problems = yamlpos.Problems
)

// nodeReader reads the flow-specific parts of a flow file.
type nodeReader struct {
	*yamlpos.Reader
}
