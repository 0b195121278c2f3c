package region

import "strconv"

// zipRanges maps the first three digits of a ZIP code to a state, as USPS assigns them: each
// entry covers prefixes from its first number up to the next entry's. Prefixes USPS does not use
// for a state (military mail, gaps) map to "".
var zipRanges = []struct {
	from  int
	state string
}{
	{0, ""}, {5, "NY"}, {6, "PR"}, {8, "VI"}, {9, "PR"}, {10, "MA"}, {28, "RI"}, {30, "NH"},
	{39, "ME"}, {50, "VT"}, {55, "MA"}, {56, "VT"}, {60, "CT"}, {70, "NJ"}, {90, ""}, {100, "NY"},
	{150, "PA"}, {197, "DE"}, {200, "DC"}, {201, "VA"}, {202, "DC"}, {206, "MD"}, {220, "VA"},
	{247, "WV"}, {270, "NC"}, {290, "SC"}, {300, "GA"}, {320, "FL"}, {340, ""}, {342, "FL"},
	{350, "AL"}, {370, "TN"}, {386, "MS"}, {398, "GA"}, {400, "KY"}, {428, ""}, {430, "OH"},
	{460, "IN"}, {480, "MI"}, {500, "IA"}, {529, ""}, {530, "WI"}, {550, "MN"}, {568, ""},
	{569, "DC"}, {570, "SD"}, {578, ""}, {580, "ND"}, {589, ""}, {590, "MT"}, {600, "IL"},
	{630, "MO"}, {659, ""}, {660, "KS"}, {680, "NE"}, {694, ""}, {700, "LA"}, {715, ""},
	{716, "AR"}, {730, "OK"}, {733, "TX"}, {734, "OK"}, {750, "TX"}, {800, "CO"}, {817, ""},
	{820, "WY"}, {832, "ID"}, {839, ""}, {840, "UT"}, {848, ""}, {850, "AZ"}, {866, ""},
	{870, "NM"}, {885, "TX"}, {886, ""}, {889, "NV"}, {899, ""}, {900, "CA"}, {962, ""},
	{967, "HI"}, {969, "GU"}, {970, "OR"}, {980, "WA"}, {995, "AK"},
}

// FromZIP returns the state of a 5-digit ZIP code by its first three digits, or "".
func FromZIP(zip string) string {
	if len(zip) < 3 {
		return ""
	}
	p, err := strconv.Atoi(zip[:3])
	if err != nil || p < 0 {
		return ""
	}
	state := ""
	for _, r := range zipRanges {
		if r.from > p {
			break
		}
		state = r.state
	}
	return state
}
