/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * sdk_unsupported.c -- every function that wininet_sdk.h declares as not supported fails at run
 * time with its failure value and GetLastError() == ERROR_CALL_NOT_IMPLEMENTED (120).
 *
 * WinInet contract: the SDK's <wininet.h> declares these functions (FTP, Gopher, dial-up, proxy
 * scripts, cache groups, ...); rinet declares them too, so that a program that refers to one
 * builds, and answers a call as Windows answers a function a system does not implement: the
 * failure value (FALSE, NULL, or the error code for the functions that return one) and
 * ERROR_CALL_NOT_IMPLEMENTED.
 *
 * The calls between the GENERATED markers are written from the header by tests/sdk_header.rs
 * (`RINET_UPDATE_SDK_CALLS=1 cargo test --test sdk_header` rewrites them), which fails when a
 * declared-unsupported function has no call here. Each call passes zero or NULL arguments.
 *
 * Usage: sdk_unsupported <host> <port>   (the test server is not used)
 */
#include "check.h"

/* EXPECT_120(name, failed): `failed` is the call compared with its failure value. */
#define EXPECT_120(name, failed)                                                                   \
    do {                                                                                           \
        SetLastError(0);                                                                           \
        int failed_ = (failed);                                                                    \
        DWORD err_ = GetLastError();                                                               \
        if (failed_ && err_ == ERROR_CALL_NOT_IMPLEMENTED)                                         \
            tc_ok(name);                                                                           \
        else                                                                                       \
            tc_fail(name, "failure value returned: %s, GetLastError() %u", failed_ ? "yes" : "no",  \
                    (unsigned)err_);                                                               \
    } while (0)

static void test_unsupported(void)
{
    FILETIME zero_time = {0, 0};
    (void)zero_time;
    /* GENERATED CALLS BEGIN */
    EXPECT_120("InternetCombineUrlA", InternetCombineUrlA((LPCSTR)0, (LPCSTR)0, (LPSTR)0, (LPDWORD)0,
                                      (DWORD)0) == FALSE);
    EXPECT_120("InternetCombineUrlW", InternetCombineUrlW((LPCWSTR)0, (LPCWSTR)0, (LPWSTR)0, (LPDWORD)0,
                                      (DWORD)0) == FALSE);
    EXPECT_120("InternetFindNextFileA", InternetFindNextFileA((HINTERNET)0, (LPVOID)0) == FALSE);
    EXPECT_120("InternetFindNextFileW", InternetFindNextFileW((HINTERNET)0, (LPVOID)0) == FALSE);
    EXPECT_120("InternetLockRequestFile", InternetLockRequestFile((HINTERNET)0, (void **)0) == FALSE);
    EXPECT_120("InternetUnlockRequestFile", InternetUnlockRequestFile((void *)0) == FALSE);
    EXPECT_120("ResumeSuspendedDownload", ResumeSuspendedDownload((HINTERNET)0, (DWORD)0) == FALSE);
    EXPECT_120("InternetConfirmZoneCrossingA", InternetConfirmZoneCrossingA((void *)0, (LPSTR)0, (LPSTR)0,
                                               (BOOL)0) == ERROR_CALL_NOT_IMPLEMENTED);
    EXPECT_120("InternetConfirmZoneCrossingW", InternetConfirmZoneCrossingW((void *)0, (LPWSTR)0, (LPWSTR)0,
                                               (BOOL)0) == ERROR_CALL_NOT_IMPLEMENTED);
    EXPECT_120("FtpFindFirstFileA", FtpFindFirstFileA((HINTERNET)0, (LPCSTR)0, (LPWIN32_FIND_DATAA)0,
                                    (DWORD)0, (DWORD_PTR)0) == NULL);
    EXPECT_120("FtpFindFirstFileW", FtpFindFirstFileW((HINTERNET)0, (LPCWSTR)0, (LPWIN32_FIND_DATAW)0,
                                    (DWORD)0, (DWORD_PTR)0) == NULL);
    EXPECT_120("FtpGetFileA", FtpGetFileA((HINTERNET)0, (LPCSTR)0, (LPCSTR)0, (BOOL)0, (DWORD)0, (DWORD)0,
                              (DWORD_PTR)0) == FALSE);
    EXPECT_120("FtpGetFileW", FtpGetFileW((HINTERNET)0, (LPCWSTR)0, (LPCWSTR)0, (BOOL)0, (DWORD)0, (DWORD)0,
                              (DWORD_PTR)0) == FALSE);
    EXPECT_120("FtpPutFileA", FtpPutFileA((HINTERNET)0, (LPCSTR)0, (LPCSTR)0, (DWORD)0,
                              (DWORD_PTR)0) == FALSE);
    EXPECT_120("FtpPutFileW", FtpPutFileW((HINTERNET)0, (LPCWSTR)0, (LPCWSTR)0, (DWORD)0,
                              (DWORD_PTR)0) == FALSE);
    EXPECT_120("FtpGetFileEx", FtpGetFileEx((HINTERNET)0, (LPCSTR)0, (LPCWSTR)0, (BOOL)0, (DWORD)0, (DWORD)0,
                               (DWORD_PTR)0) == FALSE);
    EXPECT_120("FtpPutFileEx", FtpPutFileEx((HINTERNET)0, (LPCWSTR)0, (LPCSTR)0, (DWORD)0,
                               (DWORD_PTR)0) == FALSE);
    EXPECT_120("FtpDeleteFileA", FtpDeleteFileA((HINTERNET)0, (LPCSTR)0) == FALSE);
    EXPECT_120("FtpDeleteFileW", FtpDeleteFileW((HINTERNET)0, (LPCWSTR)0) == FALSE);
    EXPECT_120("FtpRenameFileA", FtpRenameFileA((HINTERNET)0, (LPCSTR)0, (LPCSTR)0) == FALSE);
    EXPECT_120("FtpRenameFileW", FtpRenameFileW((HINTERNET)0, (LPCWSTR)0, (LPCWSTR)0) == FALSE);
    EXPECT_120("FtpOpenFileA", FtpOpenFileA((HINTERNET)0, (LPCSTR)0, (DWORD)0, (DWORD)0,
                               (DWORD_PTR)0) == NULL);
    EXPECT_120("FtpOpenFileW", FtpOpenFileW((HINTERNET)0, (LPCWSTR)0, (DWORD)0, (DWORD)0,
                               (DWORD_PTR)0) == NULL);
    EXPECT_120("FtpCreateDirectoryA", FtpCreateDirectoryA((HINTERNET)0, (LPCSTR)0) == FALSE);
    EXPECT_120("FtpCreateDirectoryW", FtpCreateDirectoryW((HINTERNET)0, (LPCWSTR)0) == FALSE);
    EXPECT_120("FtpRemoveDirectoryA", FtpRemoveDirectoryA((HINTERNET)0, (LPCSTR)0) == FALSE);
    EXPECT_120("FtpRemoveDirectoryW", FtpRemoveDirectoryW((HINTERNET)0, (LPCWSTR)0) == FALSE);
    EXPECT_120("FtpSetCurrentDirectoryA", FtpSetCurrentDirectoryA((HINTERNET)0, (LPCSTR)0) == FALSE);
    EXPECT_120("FtpSetCurrentDirectoryW", FtpSetCurrentDirectoryW((HINTERNET)0, (LPCWSTR)0) == FALSE);
    EXPECT_120("FtpGetCurrentDirectoryA", FtpGetCurrentDirectoryA((HINTERNET)0, (LPSTR)0,
                                          (LPDWORD)0) == FALSE);
    EXPECT_120("FtpGetCurrentDirectoryW", FtpGetCurrentDirectoryW((HINTERNET)0, (LPWSTR)0,
                                          (LPDWORD)0) == FALSE);
    EXPECT_120("FtpCommandA", FtpCommandA((HINTERNET)0, (BOOL)0, (DWORD)0, (LPCSTR)0, (DWORD_PTR)0,
                              (HINTERNET *)0) == FALSE);
    EXPECT_120("FtpCommandW", FtpCommandW((HINTERNET)0, (BOOL)0, (DWORD)0, (LPCWSTR)0, (DWORD_PTR)0,
                              (HINTERNET *)0) == FALSE);
    EXPECT_120("FtpGetFileSize", FtpGetFileSize((HINTERNET)0, (LPDWORD)0) == INVALID_FILE_SIZE);
    EXPECT_120("GopherCreateLocatorA", GopherCreateLocatorA((LPCSTR)0, (INTERNET_PORT)0, (LPCSTR)0, (LPCSTR)0,
                                       (DWORD)0, (LPSTR)0, (LPDWORD)0) == FALSE);
    EXPECT_120("GopherCreateLocatorW", GopherCreateLocatorW((LPCWSTR)0, (INTERNET_PORT)0, (LPCWSTR)0,
                                       (LPCWSTR)0, (DWORD)0, (LPWSTR)0, (LPDWORD)0) == FALSE);
    EXPECT_120("GopherGetLocatorTypeA", GopherGetLocatorTypeA((LPCSTR)0, (LPDWORD)0) == FALSE);
    EXPECT_120("GopherGetLocatorTypeW", GopherGetLocatorTypeW((LPCWSTR)0, (LPDWORD)0) == FALSE);
    EXPECT_120("GopherFindFirstFileA", GopherFindFirstFileA((HINTERNET)0, (LPCSTR)0, (LPCSTR)0,
                                       (LPGOPHER_FIND_DATAA)0, (DWORD)0, (DWORD_PTR)0) == NULL);
    EXPECT_120("GopherFindFirstFileW", GopherFindFirstFileW((HINTERNET)0, (LPCWSTR)0, (LPCWSTR)0,
                                       (LPGOPHER_FIND_DATAW)0, (DWORD)0, (DWORD_PTR)0) == NULL);
    EXPECT_120("GopherOpenFileA", GopherOpenFileA((HINTERNET)0, (LPCSTR)0, (LPCSTR)0, (DWORD)0,
                                  (DWORD_PTR)0) == NULL);
    EXPECT_120("GopherOpenFileW", GopherOpenFileW((HINTERNET)0, (LPCWSTR)0, (LPCWSTR)0, (DWORD)0,
                                  (DWORD_PTR)0) == NULL);
    EXPECT_120("GopherGetAttributeA", GopherGetAttributeA((HINTERNET)0, (LPCSTR)0, (LPCSTR)0, (LPBYTE)0,
                                      (DWORD)0, (LPDWORD)0, (GOPHER_ATTRIBUTE_ENUMERATOR)0,
                                      (DWORD_PTR)0) == FALSE);
    EXPECT_120("GopherGetAttributeW", GopherGetAttributeW((HINTERNET)0, (LPCWSTR)0, (LPCWSTR)0, (LPBYTE)0,
                                      (DWORD)0, (LPDWORD)0, (GOPHER_ATTRIBUTE_ENUMERATOR)0,
                                      (DWORD_PTR)0) == FALSE);
    EXPECT_120("InternetFreeCookies", (InternetFreeCookies((INTERNET_COOKIE2 *)0, (DWORD)0), 1));
    EXPECT_120("InternetGetCookieEx2", InternetGetCookieEx2((PCWSTR)0, (PCWSTR)0, (DWORD)0,
                                       (INTERNET_COOKIE2 **)0, (DWORD *)0) == ERROR_CALL_NOT_IMPLEMENTED);
    EXPECT_120("InternetSetCookieEx2", InternetSetCookieEx2((PCWSTR)0, (const INTERNET_COOKIE2 *)0, (PCWSTR)0,
                                       (DWORD)0, (DWORD *)0) == ERROR_CALL_NOT_IMPLEMENTED);
    EXPECT_120("InternetSetPerSiteCookieDecisionA", InternetSetPerSiteCookieDecisionA((LPCSTR)0,
                                                    (DWORD)0) == FALSE);
    EXPECT_120("InternetSetPerSiteCookieDecisionW", InternetSetPerSiteCookieDecisionW((LPCWSTR)0,
                                                    (DWORD)0) == FALSE);
    EXPECT_120("InternetGetPerSiteCookieDecisionA", InternetGetPerSiteCookieDecisionA((LPCSTR)0,
                                                    (unsigned long *)0) == FALSE);
    EXPECT_120("InternetGetPerSiteCookieDecisionW", InternetGetPerSiteCookieDecisionW((LPCWSTR)0,
                                                    (unsigned long *)0) == FALSE);
    EXPECT_120("InternetClearAllPerSiteCookieDecisions", InternetClearAllPerSiteCookieDecisions() == FALSE);
    EXPECT_120("InternetEnumPerSiteCookieDecisionA", InternetEnumPerSiteCookieDecisionA((LPSTR)0,
                                                     (unsigned long *)0, (unsigned long *)0,
                                                     (unsigned long)0) == FALSE);
    EXPECT_120("InternetEnumPerSiteCookieDecisionW", InternetEnumPerSiteCookieDecisionW((LPWSTR)0,
                                                     (unsigned long *)0, (unsigned long *)0,
                                                     (unsigned long)0) == FALSE);
    EXPECT_120("PrivacySetZonePreferenceW", PrivacySetZonePreferenceW((DWORD)0, (DWORD)0, (DWORD)0,
                                            (LPCWSTR)0) == ERROR_CALL_NOT_IMPLEMENTED);
    EXPECT_120("PrivacyGetZonePreferenceW", PrivacyGetZonePreferenceW((DWORD)0, (DWORD)0, (LPDWORD)0,
                                            (LPWSTR)0, (LPDWORD)0) == ERROR_CALL_NOT_IMPLEMENTED);
    EXPECT_120("HttpIsHostHstsEnabled", HttpIsHostHstsEnabled((PCWSTR)0,
                                        (BOOL *)0) == ERROR_CALL_NOT_IMPLEMENTED);
    EXPECT_120("FindFirstUrlCacheGroup", FindFirstUrlCacheGroup((DWORD)0, (DWORD)0, (LPVOID)0, (DWORD)0,
                                         (GROUPID *)0, (LPVOID)0) == NULL);
    EXPECT_120("FindNextUrlCacheGroup", FindNextUrlCacheGroup((void *)0, (GROUPID *)0, (LPVOID)0) == FALSE);
    EXPECT_120("GetUrlCacheGroupAttributeA", GetUrlCacheGroupAttributeA((GROUPID)0, (DWORD)0, (DWORD)0,
                                             (LPINTERNET_CACHE_GROUP_INFOA)0, (LPDWORD)0,
                                             (LPVOID)0) == FALSE);
    EXPECT_120("GetUrlCacheGroupAttributeW", GetUrlCacheGroupAttributeW((GROUPID)0, (DWORD)0, (DWORD)0,
                                             (LPINTERNET_CACHE_GROUP_INFOW)0, (LPDWORD)0,
                                             (LPVOID)0) == FALSE);
    EXPECT_120("SetUrlCacheGroupAttributeA", SetUrlCacheGroupAttributeA((GROUPID)0, (DWORD)0, (DWORD)0,
                                             (LPINTERNET_CACHE_GROUP_INFOA)0, (LPVOID)0) == FALSE);
    EXPECT_120("SetUrlCacheGroupAttributeW", SetUrlCacheGroupAttributeW((GROUPID)0, (DWORD)0, (DWORD)0,
                                             (LPINTERNET_CACHE_GROUP_INFOW)0, (LPVOID)0) == FALSE);
    EXPECT_120("CreateUrlCacheGroup", CreateUrlCacheGroup((DWORD)0, (LPVOID)0) == 0);
    EXPECT_120("DeleteUrlCacheGroup", DeleteUrlCacheGroup((GROUPID)0, (DWORD)0, (LPVOID)0) == FALSE);
    EXPECT_120("InternetDialA", InternetDialA((void *)0, (LPSTR)0, (DWORD)0, (DWORD_PTR *)0,
                                (DWORD)0) == ERROR_CALL_NOT_IMPLEMENTED);
    EXPECT_120("InternetDialW", InternetDialW((void *)0, (LPWSTR)0, (DWORD)0, (DWORD_PTR *)0,
                                (DWORD)0) == ERROR_CALL_NOT_IMPLEMENTED);
    EXPECT_120("InternetHangUp", InternetHangUp((DWORD_PTR)0, (DWORD)0) == ERROR_CALL_NOT_IMPLEMENTED);
    EXPECT_120("InternetGoOnlineA", InternetGoOnlineA((LPCSTR)0, (void *)0, (DWORD)0) == FALSE);
    EXPECT_120("InternetGoOnlineW", InternetGoOnlineW((LPCWSTR)0, (void *)0, (DWORD)0) == FALSE);
    EXPECT_120("InternetAutodial", InternetAutodial((DWORD)0, (void *)0) == FALSE);
    EXPECT_120("InternetAutodialHangup", InternetAutodialHangup((DWORD)0) == FALSE);
    EXPECT_120("InternetSetDialStateA", InternetSetDialStateA((LPCSTR)0, (DWORD)0, (DWORD)0) == FALSE);
    EXPECT_120("InternetSetDialStateW", InternetSetDialStateW((LPCWSTR)0, (DWORD)0, (DWORD)0) == FALSE);
    EXPECT_120("DeleteWpadCacheForNetworks", DeleteWpadCacheForNetworks((WPAD_CACHE_DELETE)0) == FALSE);
    EXPECT_120("InternetInitializeAutoProxyDll", InternetInitializeAutoProxyDll((DWORD)0) == FALSE);
    EXPECT_120("DetectAutoProxyUrl", DetectAutoProxyUrl((char *)0, (DWORD)0, (DWORD)0) == FALSE);
    EXPECT_120("CreateMD5SSOHash", CreateMD5SSOHash((PWSTR)0, (PWSTR)0, (PWSTR)0, (BYTE *)0) == FALSE);
    /* GENERATED CALLS END */
}

int main(int argc, char **argv)
{
    tc_init(argc, argv);
    test_unsupported();
    return tc_finish();
}
