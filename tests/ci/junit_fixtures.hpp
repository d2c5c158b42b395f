// JUnit reports as the three writers produce them (shapes taken from ctest
// 3.25 --output-junit, GoogleTest 1.12 --gtest_output=xml and Catch2 2.13
// -r junit on this machine).
#pragma once

namespace capsule::citest {

inline constexpr const char* ctest_junit = R"(<?xml version="1.0" encoding="UTF-8"?>
<testsuite name="Linux-c++"
	tests="4"
	failures="2"
	disabled="1"
	skipped="0"
	hostname=""
	time="1"
	timestamp="2026-11-22T05:47:38"
	>
	<testcase name="Bank.Ok" classname="Bank.Ok" time="0.018856" status="run">
		<system-out></system-out>
	</testcase>
	<testcase name="Bank.Withdraw" classname="Bank.Withdraw" time="0.0208253" status="fail">
		<failure message=""/>
		<system-out>bank_test.cpp:12: Failure
</system-out>
	</testcase>
	<testcase name="Parser.Crash" classname="Parser.Crash" time="1.0224" status="fail">
		<failure message=""/>
		<system-out></system-out>
	</testcase>
	<testcase name="Skip" classname="Skip" time="0" status="disabled">
		<system-out>Disabled</system-out>
	</testcase>
</testsuite>
)";

// Written by a run that crashed in Parser.Crash: GoogleTest writes no XML
// after a crash, so this is the report of a run with that test filtered out.
inline constexpr const char* gtest_junit = R"(<?xml version="1.0" encoding="UTF-8"?>
<testsuites tests="2" failures="1" disabled="0" errors="0" time="0.01" timestamp="2026-11-22T05:47:38.000" name="AllTests">
  <testsuite name="Bank" tests="2" failures="1" disabled="0" skipped="0" errors="0" time="0.01" timestamp="2026-11-22T05:47:38.000">
    <testcase name="Ok" file="/ws/tests/bank_test.cpp" line="5" status="run" result="completed" time="0." timestamp="2026-11-22T05:47:38.000" classname="Bank" />
    <testcase name="Withdraw" file="/ws/tests/bank_test.cpp" line="10" status="run" result="completed" time="0." timestamp="2026-11-22T05:47:38.000" classname="Bank">
      <properties>
        <property name="account" value="7"/>
      </properties>
      <failure message="/ws/tests/bank_test.cpp:12&#x0A;Expected equality" type=""><![CDATA[/ws/tests/bank_test.cpp:12
Expected equality of these values:
  balance
    Which is: -5
  10]]></failure>
    </testcase>
  </testsuite>
</testsuites>
)";

// Cut off mid-way, as a killed writer leaves it.
inline constexpr const char* truncated_junit = R"(<?xml version="1.0" encoding="UTF-8"?>
<testsuitesloose>
)";

inline constexpr const char* catch2_junit_good = R"(<?xml version="1.0" encoding="UTF-8"?>
<testsuites>
  <testsuite name="shop_tests" errors="0" failures="1" tests="3" hostname="tbd" time="0.001" timestamp="2026-11-22T05:47:38Z">
    <testcase classname="shop_tests.global" name="restock keeps count" time="0.000"/>
    <testcase classname="shop_tests.global" name="words split/empty input" time="0.000">
      <failure message="words.size() == 1" type="CHECK">
FAILED:
  CHECK( words.size() == 1 )
with expansion:
  0 == 1
at /ws/shop_test.cpp:20
      </failure>
    </testcase>
    <testcase classname="shop_tests.global" name="words split/spaces" time="0.000"/>
    <system-out/>
    <system-err/>
  </testsuite>
</testsuites>
)";

}  // namespace capsule::citest
