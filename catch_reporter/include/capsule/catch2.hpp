// capsule for Catch2: a listener that writes a capsule for each failing test
// case (failed assertion, crash, escaping exception, hang).
//
// Header-only on purpose: it is compiled inside the user's test target,
// against the Catch2 the target already uses (Catch2 2.x's single header,
// possibly a vendored copy, or Catch2 3.x). Linking capsule::catch2 compiles
// and registers it; nothing else changes in the tests.
//
// Which Catch2: CAPSULE_CATCH2_HEADER when defined (the CMake target property
// of the same name sets it), else a "catch.hpp" on the target's include path,
// else Catch2 3's <catch2/...> headers, else <catch2/catch.hpp>.
#pragma once

// Catch2 2.x declares its listener interfaces only with this; a file that
// includes this header before Catch2's (e.g. a main() that calls install)
// needs nothing else.
#if !defined(CATCH_VERSION_MAJOR) && !defined(CATCH_CONFIG_EXTERNAL_INTERFACES)
#define CATCH_CONFIG_EXTERNAL_INTERFACES
#endif

#if defined(CAPSULE_CATCH2_HEADER)
#include CAPSULE_CATCH2_HEADER
#elif __has_include("catch.hpp")
#include "catch.hpp"
#elif __has_include(<catch2/catch_version_macros.hpp>)
#include <catch2/catch_test_case_info.hpp>
#include <catch2/catch_version_macros.hpp>
#include <catch2/internal/catch_test_failure_exception.hpp>
#include <catch2/reporters/catch_reporter_event_listener.hpp>
#include <catch2/reporters/catch_reporter_registrars.hpp>
#else
#include <catch2/catch.hpp>
#endif

#if !defined(CATCH_VERSION_MAJOR)
#error "capsule/catch2.hpp: no Catch2 header found (set CAPSULE_CATCH2_HEADER)"
#endif
#if CATCH_VERSION_MAJOR < 3 && !defined(CATCH_CONFIG_EXTERNAL_INTERFACES)
#error "capsule/catch2.hpp needs CATCH_CONFIG_EXTERNAL_INTERFACES with Catch2 2.x"
#endif

#include <cstdio>
#include <exception>
#include <string>
#include <typeinfo>
#include <vector>

#include "capsule/session.hpp"

namespace capsule::catch2 {

namespace detail {

#if CATCH_VERSION_MAJOR >= 3
using ListenerBase = ::Catch::EventListenerBase;
using ListenerConfig = ::Catch::IConfig const*;
#else
using ListenerBase = ::Catch::TestEventListenerBase;
using ListenerConfig = ::Catch::ReporterConfig const&;
#endif

inline session::Framework framework() {
    session::Framework f;
    f.name = "catch2 " + std::to_string(CATCH_VERSION_MAJOR) + "." +
             std::to_string(CATCH_VERSION_MINOR) + "." + std::to_string(CATCH_VERSION_PATCH);
    f.frame_rules = {{false, "function", "Catch::*"}};
#ifdef CAPSULE_CRASH_HELPER_PATH
    f.helper = CAPSULE_CRASH_HELPER_PATH;
#endif
#ifdef CAPSULE_ENGINE_PATH
    f.engine = CAPSULE_ENGINE_PATH;
#endif
    return f;
}

// Options from code: set before Catch::Session runs (capsule::catch2::install).
inline RunOptions& code_options() {
    static RunOptions options;
    return options;
}

// Catch2 may end up with this listener registered twice (the registration
// file compiled into two targets of one binary); the first instance acts.
inline const void*& acting_listener() {
    static const void* listener = nullptr;
    return listener;
}

class Listener : public ListenerBase {
public:
    explicit Listener(ListenerConfig config) : ListenerBase(config) {
        if (!acting_listener()) acting_listener() = this;
    }
    ~Listener() override {
        if (acting_listener() == this) acting_listener() = nullptr;
    }

    void testRunStarting(::Catch::TestRunInfo const& info) override {
        ListenerBase::testRunStarting(info);
        if (!acting()) return;
        if (!session::start(code_options(), framework())) return;
        session::ignore_exception_type(typeid(::Catch::TestFailureException));
#if CATCH_VERSION_MAJOR >= 3
        session::ignore_exception_type(typeid(::Catch::TestSkipException));
#endif
    }

    void testCaseStarting(::Catch::TestCaseInfo const& info) override {
        ListenerBase::testCaseStarting(info);
        if (!acting()) return;
        sections_.clear();
        in_fatal_ = false;
        // The session keeps the address of current_, which points at
        // Catch2's registry (the name, for the whole run) and at this
        // listener's members (until the next test case).
        class_name_ = std::string(info.className);
        tags_ = info.tagsAsString();
        current_ = session::TestRef{};
        current_.suite = class_name_.c_str();
        current_.name = info.name.c_str();
        current_.separator = "::";
        current_.values[0] = tags_.empty() ? nullptr : tags_.c_str();
        current_.file = info.lineInfo.file;
        current_.line = static_cast<int>(info.lineInfo.line);
        session::test_started(current_);
    }

    void sectionStarting(::Catch::SectionInfo const& info) override {
        ListenerBase::sectionStarting(info);
        if (!acting()) return;
        sections_.push_back(info.name);
        session::test_section(section_path());
    }

    void sectionEnded(::Catch::SectionStats const& stats) override {
        ListenerBase::sectionEnded(stats);
        if (!acting()) return;
        if (!sections_.empty()) sections_.pop_back();
        session::test_section(section_path());
    }

    // Runs in the test case's frame, before a failed REQUIRE throws; every
    // passing assertion reported with -s comes here too and costs one test.
#if CATCH_VERSION_MAJOR >= 3
    void assertionEnded(::Catch::AssertionStats const& stats) override {
        ListenerBase::assertionEnded(stats);
        if (!stats.assertionResult.isOk()) failed(stats);
    }
#else
    bool assertionEnded(::Catch::AssertionStats const& stats) override {
        if (!stats.assertionResult.isOk()) failed(stats);
        return true;
    }
#endif

    // Catch2 reports a signal from its own handler, in signal context, then
    // re-raises it into capsule's crash handler, which captures it. (Catch2 3
    // calls this; 2.x only reports a FatalErrorCondition result.)
    void fatalErrorEncountered(::Catch::StringRef error) override {
        ListenerBase::fatalErrorEncountered(error);
        in_fatal_ = true;
    }

    // After a fatal signal Catch2 ends the test case and the run from its
    // signal handler, then re-raises into capsule's crash handler: the test's
    // identity and the handler must outlive these two calls.
    void testCaseEnded(::Catch::TestCaseStats const& stats) override {
        ListenerBase::testCaseEnded(stats);
        if (!acting() || in_fatal_) return;
        // Catch2 reporters have no field for it: the path goes next to the
        // reporter's output, on stderr so an XML report on stdout stays valid.
        for (const session::Written& w : session::test_finished())
            std::fprintf(stderr, "capsule: %s capsule for \"%s\": %s\n", w.kind.c_str(),
                         w.test.c_str(), w.path.c_str());
    }

    void testRunEnded(::Catch::TestRunStats const& stats) override {
        ListenerBase::testRunEnded(stats);
        if (!acting() || in_fatal_) return;
        const std::string lines = session::summary();
        if (!lines.empty()) std::fprintf(stderr, "%s", lines.c_str());
        session::stop();
    }

private:
    bool acting() const { return acting_listener() == this; }

    std::string section_path() const {
        // The first section is the test case itself.
        std::string path;
        for (std::size_t i = 1; i < sections_.size(); ++i) {
            if (!path.empty()) path += " / ";
            path += sections_[i];
        }
        return path;
    }

    void failed(::Catch::AssertionStats const& stats) {
        const ::Catch::AssertionResult& result = stats.assertionResult;
        const auto type = result.getResultType();
        // Catch2 2.x does not pass fatalErrorEncountered on to listeners; this
        // result is how a listener learns it runs in Catch2's signal handler.
        if (type == ::Catch::ResultWas::FatalErrorCondition) in_fatal_ = true;
        if (!acting() || in_fatal_ || !session::started()) return;

        Failure failure;
        const ::Catch::SourceLineInfo where = result.getSourceInfo();
        failure.assertion.file = where.file;
        failure.assertion.line = static_cast<int>(where.line);
        if (result.hasExpression()) {
            failure.assertion.expression = result.getExpressionInMacro();
            failure.message = failure.assertion.expression;
            if (result.hasExpandedExpression())
                failure.message += "\nwith expansion:\n  " + result.getExpandedExpression();
        }
        if (result.hasMessage()) {
            if (!failure.message.empty()) failure.message += "\n";
            failure.message += result.getMessage();
        }
        std::vector<std::string> context;
        for (const ::Catch::MessageInfo& message : stats.infoMessages)
            context.push_back(message.message);

        if (type == ::Catch::ResultWas::ThrewException && std::current_exception()) {
            failure.kind = "exception";
            session::exception_escaped(failure, context);
        } else {
            failure.kind = "assertion";
            session::assertion_failed(failure, context);
        }
    }

    std::vector<std::string> sections_;
    std::string class_name_;
    std::string tags_;
    session::TestRef current_;
    bool in_fatal_ = false;
};

}  // namespace detail

// Options from code: call before Catch::Session().run(). .capsule.yaml and
// CAPSULE_* override them.
inline void install(const RunOptions& options) { detail::code_options() = options; }

}  // namespace capsule::catch2
