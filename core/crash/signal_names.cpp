#include "crash/signal_names.hpp"

#include <signal.h>

#include <cstdio>

namespace capsule::crash {

const char* signal_name(int signal) {
    switch (signal) {
        case SIGSEGV: return "SIGSEGV";
        case SIGBUS: return "SIGBUS";
        case SIGILL: return "SIGILL";
        case SIGFPE: return "SIGFPE";
        case SIGABRT: return "SIGABRT";
        case SIGTRAP: return "SIGTRAP";
        case SIGTERM: return "SIGTERM";
        case SIGINT: return "SIGINT";
        case SIGKILL: return "SIGKILL";
        case SIGALRM: return "SIGALRM";
        default: return nullptr;
    }
}

const char* signal_code_name(int signal, int code) {
    // Codes <= 0 say who sent the signal and are the same for every signal.
    switch (code) {
        case SI_USER: return "SI_USER";
        case SI_KERNEL: return "SI_KERNEL";
        case SI_QUEUE: return "SI_QUEUE";
        case SI_TKILL: return "SI_TKILL";
        default: break;
    }
    if (signal == SIGSEGV) {
        switch (code) {
            case SEGV_MAPERR: return "SEGV_MAPERR";
            case SEGV_ACCERR: return "SEGV_ACCERR";
#ifdef SEGV_BNDERR
            case SEGV_BNDERR: return "SEGV_BNDERR";
#endif
#ifdef SEGV_PKUERR
            case SEGV_PKUERR: return "SEGV_PKUERR";
#endif
            default: return nullptr;
        }
    }
    if (signal == SIGBUS) {
        switch (code) {
            case BUS_ADRALN: return "BUS_ADRALN";
            case BUS_ADRERR: return "BUS_ADRERR";
            case BUS_OBJERR: return "BUS_OBJERR";
            default: return nullptr;
        }
    }
    if (signal == SIGILL) {
        switch (code) {
            case ILL_ILLOPC: return "ILL_ILLOPC";
            case ILL_ILLOPN: return "ILL_ILLOPN";
            case ILL_ILLADR: return "ILL_ILLADR";
            case ILL_ILLTRP: return "ILL_ILLTRP";
            case ILL_PRVOPC: return "ILL_PRVOPC";
            case ILL_PRVREG: return "ILL_PRVREG";
            case ILL_COPROC: return "ILL_COPROC";
            case ILL_BADSTK: return "ILL_BADSTK";
            default: return nullptr;
        }
    }
    if (signal == SIGFPE) {
        switch (code) {
            case FPE_INTDIV: return "FPE_INTDIV";
            case FPE_INTOVF: return "FPE_INTOVF";
            case FPE_FLTDIV: return "FPE_FLTDIV";
            case FPE_FLTOVF: return "FPE_FLTOVF";
            case FPE_FLTUND: return "FPE_FLTUND";
            case FPE_FLTRES: return "FPE_FLTRES";
            case FPE_FLTINV: return "FPE_FLTINV";
            case FPE_FLTSUB: return "FPE_FLTSUB";
            default: return nullptr;
        }
    }
    return nullptr;
}

SignalInfo make_signal_info(int signal, int code, std::uint64_t address) {
    SignalInfo info;
    info.number = signal;
    const char* name = signal_name(signal);
    info.name = name ? name : "signal " + std::to_string(signal);
    info.code = code;
    const char* code_name = signal_code_name(signal, code);
    info.code_name = code_name ? code_name : std::to_string(code);
    const bool fault = code > 0 && (signal == SIGSEGV || signal == SIGBUS || signal == SIGILL ||
                                    signal == SIGFPE);
    info.fault_address = fault ? address : 0;
    return info;
}

std::string describe_signal(const SignalInfo& info, long sender) {
    std::string text = info.name + " (" + info.code_name + ")";
    if (info.code > 0 && info.number != SIGABRT) {
        char address[32];
        std::snprintf(address, sizeof address, "0x%llx",
                      static_cast<unsigned long long>(info.fault_address));
        text += " at ";
        text += address;
    } else if (sender > 0) {
        text += " sent by pid " + std::to_string(sender);
    }
    return text;
}

}  // namespace capsule::crash
