/* SPDX-License-Identifier: MIT OR Apache-2.0 */
/*
 * async_example.c -- the shape of Microsoft's WinInet "Asynchronous Example Application", ported
 * to rinet: each request has a context whose state machine is driven from the status callback.
 *
 *     async_example <host> <port>
 *
 * Three requests run at the same time on one asynchronous session, each with its own
 * REQUEST_CONTEXT and its own connect handle, as in Microsoft's sample:
 *   1. GET /chunked/300000/7000, the response written to a file;
 *   2. POST /echo, a file uploaded in 4 KiB pieces, the response (the same bytes) written to a file;
 *   3. POST /upload, the same file uploaded, the response ("<length> <fnv1a64>") written to a file.
 * The program then compares the three output files byte for byte with what they must hold (the
 * server's pattern, the uploaded file, the length and hash of the uploaded file) and exits 0 only
 * when all three match and the notifications followed the rules below.
 *
 * The pattern it shows:
 *   - ProcessRequest runs the state machine until a call returns ERROR_IO_PENDING. It is called
 *     once by main and then by the callback for each INTERNET_STATUS_REQUEST_COMPLETE, with that
 *     completion's dwError. The context pointer is the handles' dwContext, so the callback finds
 *     its request from dwContext alone.
 *   - HttpEndRequest is called with a context of 0, as Microsoft's sample does: the callbacks still
 *     carry the request handle's own context (a callback with context 0 would be a bug, and is
 *     counted as one).
 *   - Every call on the request handle is bracketed by AcquireRequestHandle and
 *     ReleaseRequestHandle, which count the calls in progress. Closing sets Closing and closes the
 *     handle only once no call is in progress, so a handle is never closed under a running call.
 *   - Buffers and counters given to a call that pends (OutputBuffer, DownloadedBytes,
 *     WrittenBytes) live in the context and are not touched until its REQUEST_COMPLETE.
 *   - The context is freed only after INTERNET_STATUS_HANDLE_CLOSING has arrived for both of its
 *     handles: HANDLE_CLOSING is the last notification of a handle, so no callback can use the
 *     context afterwards.
 * Built with rinet's Win32 porting headers (-I include/win32): events and critical sections are
 * the Win32 ones; files go through stdio and the error text through rinet_strerror.
 */
#include <windows.h>
#include <wininet.h>

#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define METHOD_NONE 0
#define METHOD_GET 1
#define METHOD_POST 2

#define REQ_STATE_SEND_REQ 0
#define REQ_STATE_SEND_REQ_WITH_BODY 1
#define REQ_STATE_POST_GET_DATA 2
#define REQ_STATE_POST_SEND_DATA 3
#define REQ_STATE_POST_COMPLETE 4
#define REQ_STATE_RESPONSE_RECV_DATA 5
#define REQ_STATE_RESPONSE_WRITE_DATA 6
#define REQ_STATE_COMPLETE 7

#define DEFAULT_TIMEOUT (2 * 60 * 1000) /* milliseconds */
#define BUFFER_LEN 4096

#define UPLOAD_SIZE 307333 /* not a multiple of BUFFER_LEN: the last piece is short */
#define GET_PATH "/chunked/300000/7000"
#define GET_SIZE 300000

typedef struct _REQUEST_CONTEXT {
    HINTERNET RequestHandle;
    HINTERNET ConnectHandle;
    HANDLE CompletionEvent; /* set when the state machine stops: done or failed */
    HANDLE CleanUpEvent;    /* set at each HANDLE_CLOSING of its handles */
    char *OutputBuffer;     /* BUFFER_LEN bytes: the piece being read or written */
    DWORD DownloadedBytes;  /* InternetReadFile's count (written at completion when it pends) */
    DWORD WrittenBytes;     /* InternetWriteFile's count (likewise) */
    DWORD ReadBytes;        /* bytes of OutputBuffer read from the upload file */
    FILE *UploadFile;
    DWORD FileSize;
    FILE *DownloadFile;
    DWORD Method;
    DWORD State;
    DWORD Error;            /* why the state machine stopped (0: it completed) */
    const char *Name;
    CRITICAL_SECTION CriticalSection;
    BOOL CritSecInitialized;
    /* Synchronized by CriticalSection */
    DWORD HandleUsageCount; /* calls in progress on RequestHandle: not safe to close it */
    BOOL Closing;           /* RequestHandle is closing: don't start calls on it */
    int HandlesClosed;      /* HANDLE_CLOSING notifications received (2: both handles) */
    BOOL EndRequestPending; /* HttpEndRequest returned ERROR_IO_PENDING */
    BOOL EndRequestCompleted; /* its REQUEST_COMPLETE arrived with this context */
    unsigned Violations;    /* notifications that break the WinInet rules */
} REQUEST_CONTEXT, *PREQUEST_CONTEXT;

/* Notifications that arrived with a context of 0 (none should: every handle has a context). */
static unsigned ZeroContextNotifications;
static CRITICAL_SECTION StatsLock;

static void LogInetError(DWORD Err, const char *Str)
{
    printf("%s: error %u (%s)\n", Str, (unsigned)Err, rinet_strerror(Err));
}

static void LogSysError(const char *Str)
{
    perror(Str);
}

/* ---- handle usage counting ------------------------------------------------------------ */

static BOOL AcquireRequestHandle(PREQUEST_CONTEXT ReqContext)
{
    BOOL Success = TRUE;
    EnterCriticalSection(&ReqContext->CriticalSection);
    if (ReqContext->Closing)
        Success = FALSE;
    else
        ReqContext->HandleUsageCount++;
    LeaveCriticalSection(&ReqContext->CriticalSection);
    return Success;
}

static void ReleaseRequestHandle(PREQUEST_CONTEXT ReqContext)
{
    BOOL Close = FALSE;
    EnterCriticalSection(&ReqContext->CriticalSection);
    ReqContext->HandleUsageCount--;
    if (ReqContext->Closing && ReqContext->HandleUsageCount == 0)
        Close = TRUE;
    LeaveCriticalSection(&ReqContext->CriticalSection);
    if (Close) {
        /* No call is running on the handle any more: the close deferred by
         * CloseRequestHandle happens now. */
        if (!InternetCloseHandle(ReqContext->RequestHandle))
            LogInetError(GetLastError(), "InternetCloseHandle");
    }
}

/* Marks the request as closing and closes its handle unless a call is in progress on it, in
 * which case the last ReleaseRequestHandle closes it. */
static void CloseRequestHandle(PREQUEST_CONTEXT ReqContext)
{
    BOOL Close = FALSE;
    EnterCriticalSection(&ReqContext->CriticalSection);
    if (!ReqContext->Closing) {
        ReqContext->Closing = TRUE;
        if (ReqContext->HandleUsageCount == 0)
            Close = TRUE;
    }
    LeaveCriticalSection(&ReqContext->CriticalSection);
    if (Close) {
        if (!InternetCloseHandle(ReqContext->RequestHandle))
            LogInetError(GetLastError(), "InternetCloseHandle");
    }
}

/* ---- the steps of the state machine ---------------------------------------------------- */

static DWORD SendRequest(PREQUEST_CONTEXT ReqContext)
{
    DWORD Error = ERROR_SUCCESS;
    if (!AcquireRequestHandle(ReqContext))
        return ERROR_INTERNET_OPERATION_CANCELLED;
    BOOL Success = HttpSendRequest(ReqContext->RequestHandle, NULL, 0, NULL, 0);
    if (!Success)
        Error = GetLastError(); /* read before anything else runs on this thread */
    ReleaseRequestHandle(ReqContext);
    if (!Success && Error != ERROR_IO_PENDING)
        LogInetError(Error, "HttpSendRequest");
    return Error;
}

static DWORD SendRequestWithBody(PREQUEST_CONTEXT ReqContext)
{
    DWORD Error = ERROR_SUCCESS;
    INTERNET_BUFFERS BuffersIn;
    /* A local, as in Microsoft's sample: HttpSendRequestEx takes what it needs from it (the
     * total becomes the Content-Length) during the call. */
    memset(&BuffersIn, 0, sizeof BuffersIn);
    BuffersIn.dwStructSize = sizeof(INTERNET_BUFFERS);
    BuffersIn.dwBufferTotal = ReqContext->FileSize;
    if (!AcquireRequestHandle(ReqContext))
        return ERROR_INTERNET_OPERATION_CANCELLED;
    BOOL Success = HttpSendRequestEx(ReqContext->RequestHandle, &BuffersIn, NULL, 0, (DWORD_PTR)ReqContext);
    if (!Success)
        Error = GetLastError();
    ReleaseRequestHandle(ReqContext);
    if (!Success && Error != ERROR_IO_PENDING)
        LogInetError(Error, "HttpSendRequestEx");
    return Error;
}

static DWORD GetDataToPost(PREQUEST_CONTEXT ReqContext)
{
    ReqContext->ReadBytes = (DWORD)fread(ReqContext->OutputBuffer, 1, BUFFER_LEN, ReqContext->UploadFile);
    if (ferror(ReqContext->UploadFile)) {
        LogSysError("reading the upload file");
        return ERROR_INVALID_PARAMETER;
    }
    return ERROR_SUCCESS;
}

static DWORD PostDataToServer(PREQUEST_CONTEXT ReqContext, BOOL *Eof)
{
    DWORD Error = ERROR_SUCCESS;
    *Eof = FALSE;
    if (ReqContext->ReadBytes == 0) {
        *Eof = TRUE;
        return ERROR_SUCCESS;
    }
    if (!AcquireRequestHandle(ReqContext))
        return ERROR_INTERNET_OPERATION_CANCELLED;
    /* OutputBuffer and WrittenBytes are used until REQUEST_COMPLETE if the write pends. */
    BOOL Success = InternetWriteFile(ReqContext->RequestHandle, ReqContext->OutputBuffer, ReqContext->ReadBytes,
                                     &ReqContext->WrittenBytes);
    if (!Success)
        Error = GetLastError();
    ReleaseRequestHandle(ReqContext);
    if (!Success && Error != ERROR_IO_PENDING)
        LogInetError(Error, "InternetWriteFile");
    return Error;
}

static DWORD CompleteRequest(PREQUEST_CONTEXT ReqContext)
{
    DWORD Error = ERROR_SUCCESS;
    if (!AcquireRequestHandle(ReqContext))
        return ERROR_INTERNET_OPERATION_CANCELLED;
    /* Context 0, as in Microsoft's sample: the completion still carries the handle's context. */
    BOOL Success = HttpEndRequest(ReqContext->RequestHandle, NULL, 0, 0);
    if (!Success)
        Error = GetLastError();
    if (Error == ERROR_IO_PENDING) {
        EnterCriticalSection(&ReqContext->CriticalSection);
        ReqContext->EndRequestPending = TRUE;
        LeaveCriticalSection(&ReqContext->CriticalSection);
    }
    ReleaseRequestHandle(ReqContext);
    if (!Success && Error != ERROR_IO_PENDING)
        LogInetError(Error, "HttpEndRequest");
    return Error;
}

static DWORD RecvResponseData(PREQUEST_CONTEXT ReqContext)
{
    DWORD Error = ERROR_SUCCESS;
    if (!AcquireRequestHandle(ReqContext))
        return ERROR_INTERNET_OPERATION_CANCELLED;
    /* OutputBuffer and DownloadedBytes are written at REQUEST_COMPLETE if the read pends. */
    BOOL Success = InternetReadFile(ReqContext->RequestHandle, ReqContext->OutputBuffer, BUFFER_LEN,
                                    &ReqContext->DownloadedBytes);
    if (!Success)
        Error = GetLastError();
    ReleaseRequestHandle(ReqContext);
    if (!Success && Error != ERROR_IO_PENDING)
        LogInetError(Error, "InternetReadFile");
    return Error;
}

static DWORD WriteResponseData(PREQUEST_CONTEXT ReqContext, BOOL *Eof)
{
    if (ReqContext->DownloadedBytes == 0) {
        *Eof = TRUE;
        return ERROR_SUCCESS;
    }
    *Eof = FALSE;
    if (fwrite(ReqContext->OutputBuffer, 1, ReqContext->DownloadedBytes, ReqContext->DownloadFile) !=
        ReqContext->DownloadedBytes) {
        LogSysError("writing the download file");
        return ERROR_INVALID_PARAMETER;
    }
    return ERROR_SUCCESS;
}

/* Runs the state machine until a call pends, the request completes, or something fails. */
static void ProcessRequest(PREQUEST_CONTEXT ReqContext, DWORD Error)
{
    BOOL Eof = FALSE;
    while (Error == ERROR_SUCCESS && ReqContext->State != REQ_STATE_COMPLETE) {
        switch (ReqContext->State) {
        case REQ_STATE_SEND_REQ:
            ReqContext->State = REQ_STATE_RESPONSE_RECV_DATA;
            Error = SendRequest(ReqContext);
            break;
        case REQ_STATE_SEND_REQ_WITH_BODY:
            ReqContext->State = REQ_STATE_POST_GET_DATA;
            Error = SendRequestWithBody(ReqContext);
            break;
        case REQ_STATE_POST_GET_DATA:
            ReqContext->State = REQ_STATE_POST_SEND_DATA;
            Error = GetDataToPost(ReqContext);
            break;
        case REQ_STATE_POST_SEND_DATA:
            ReqContext->State = REQ_STATE_POST_GET_DATA;
            Error = PostDataToServer(ReqContext, &Eof);
            if (Eof)
                ReqContext->State = REQ_STATE_POST_COMPLETE;
            break;
        case REQ_STATE_POST_COMPLETE:
            ReqContext->State = REQ_STATE_RESPONSE_RECV_DATA;
            Error = CompleteRequest(ReqContext);
            break;
        case REQ_STATE_RESPONSE_RECV_DATA:
            ReqContext->State = REQ_STATE_RESPONSE_WRITE_DATA;
            Error = RecvResponseData(ReqContext);
            break;
        case REQ_STATE_RESPONSE_WRITE_DATA:
            ReqContext->State = REQ_STATE_RESPONSE_RECV_DATA;
            Error = WriteResponseData(ReqContext, &Eof);
            if (Eof)
                ReqContext->State = REQ_STATE_COMPLETE;
            break;
        default:
            Error = ERROR_INVALID_PARAMETER;
            break;
        }
    }
    if (Error != ERROR_IO_PENDING) {
        /* Everything has been processed, or has failed: either way the request is finished. */
        ReqContext->Error = Error;
        SetEvent(ReqContext->CompletionEvent);
    }
}

/* ---- the status callback ---------------------------------------------------------------- */

static void CALLBACK CallBack(HINTERNET hInternet, DWORD_PTR dwContext, DWORD dwInternetStatus,
                              LPVOID lpvStatusInformation, DWORD dwStatusInformationLength)
{
    PREQUEST_CONTEXT ReqContext = (PREQUEST_CONTEXT)dwContext;
    if (ReqContext == NULL) {
        EnterCriticalSection(&StatsLock);
        ZeroContextNotifications++;
        LeaveCriticalSection(&StatsLock);
        printf("ERROR: notification %u with a context of 0\n", (unsigned)dwInternetStatus);
        return;
    }
    switch (dwInternetStatus) {
    case INTERNET_STATUS_HANDLE_CLOSING: {
        /* The last notification of that handle. Once both handles have sent it, the context can
         * be freed: signal the clean-up routine. */
        EnterCriticalSection(&ReqContext->CriticalSection);
        ReqContext->HandlesClosed++;
        LeaveCriticalSection(&ReqContext->CriticalSection);
        SetEvent(ReqContext->CleanUpEvent);
        break;
    }
    case INTERNET_STATUS_REQUEST_COMPLETE: {
        LPINTERNET_ASYNC_RESULT Result = (LPINTERNET_ASYNC_RESULT)lpvStatusInformation;
        if (Result == NULL || dwStatusInformationLength != sizeof(INTERNET_ASYNC_RESULT) ||
            hInternet != ReqContext->RequestHandle) {
            printf("ERROR: %s: malformed REQUEST_COMPLETE\n", ReqContext->Name);
            EnterCriticalSection(&ReqContext->CriticalSection);
            ReqContext->Violations++;
            LeaveCriticalSection(&ReqContext->CriticalSection);
            ProcessRequest(ReqContext, ERROR_INVALID_PARAMETER);
            break;
        }
        EnterCriticalSection(&ReqContext->CriticalSection);
        if (ReqContext->EndRequestPending && !ReqContext->EndRequestCompleted)
            ReqContext->EndRequestCompleted = TRUE;
        LeaveCriticalSection(&ReqContext->CriticalSection);
        if (Result->dwError != ERROR_SUCCESS)
            LogInetError(Result->dwError, ReqContext->Name);
        /* Complete the current state. */
        ProcessRequest(ReqContext, Result->dwResult ? ERROR_SUCCESS : Result->dwError);
        break;
    }
    case INTERNET_STATUS_REDIRECT:
        printf("%s: redirected to %s\n", ReqContext->Name, (const char *)lpvStatusInformation);
        break;
    default:
        break;
    }
}

/* ---- set-up and clean-up ---------------------------------------------------------------- */

static DWORD AllocateAndInitializeRequestContext(const char *Name, DWORD Method, const char *UploadPath,
                                                 const char *DownloadPath, PREQUEST_CONTEXT *ReqContext)
{
    PREQUEST_CONTEXT ctx = (PREQUEST_CONTEXT)calloc(1, sizeof(REQUEST_CONTEXT));
    *ReqContext = NULL;
    if (ctx == NULL)
        return ERROR_NOT_ENOUGH_MEMORY;
    ctx->Name = Name;
    ctx->Method = Method;
    ctx->State = Method == METHOD_GET ? REQ_STATE_SEND_REQ : REQ_STATE_SEND_REQ_WITH_BODY;
    ctx->OutputBuffer = (char *)malloc(BUFFER_LEN);
    ctx->CompletionEvent = CreateEvent(NULL, FALSE, FALSE, NULL);
    ctx->CleanUpEvent = CreateEvent(NULL, FALSE, FALSE, NULL);
    InitializeCriticalSection(&ctx->CriticalSection);
    ctx->CritSecInitialized = TRUE;
    ctx->DownloadFile = fopen(DownloadPath, "wb");
    if (Method == METHOD_POST) {
        ctx->UploadFile = fopen(UploadPath, "rb");
        if (ctx->UploadFile != NULL && fseek(ctx->UploadFile, 0, SEEK_END) == 0) {
            ctx->FileSize = (DWORD)ftell(ctx->UploadFile);
            rewind(ctx->UploadFile);
        }
    }
    *ReqContext = ctx;
    if (ctx->OutputBuffer == NULL || ctx->CompletionEvent == NULL || ctx->CleanUpEvent == NULL)
        return ERROR_NOT_ENOUGH_MEMORY;
    if (ctx->DownloadFile == NULL || (Method == METHOD_POST && ctx->UploadFile == NULL)) {
        LogSysError("opening a file");
        return ERROR_INVALID_PARAMETER;
    }
    return ERROR_SUCCESS;
}

static DWORD CreateWininetHandles(PREQUEST_CONTEXT ReqContext, HINTERNET hSessionHandle, const char *HostName,
                                  INTERNET_PORT ServerPort, const char *Resource)
{
    /* Both handles carry the request context: it is their dwContext. */
    ReqContext->ConnectHandle = InternetConnect(hSessionHandle, HostName, ServerPort, NULL, NULL,
                                                INTERNET_SERVICE_HTTP, 0, (DWORD_PTR)ReqContext);
    if (ReqContext->ConnectHandle == NULL) {
        LogInetError(GetLastError(), "InternetConnect");
        return GetLastError();
    }
    const char *Verb = ReqContext->Method == METHOD_GET ? "GET" : "POST";
    ReqContext->RequestHandle = HttpOpenRequest(ReqContext->ConnectHandle, Verb, Resource, NULL, NULL, NULL,
                                                INTERNET_FLAG_KEEP_CONNECTION | INTERNET_FLAG_RELOAD,
                                                (DWORD_PTR)ReqContext);
    if (ReqContext->RequestHandle == NULL) {
        LogInetError(GetLastError(), "HttpOpenRequest");
        return GetLastError();
    }
    return ERROR_SUCCESS;
}

static BOOL WaitForRequestCompletion(PREQUEST_CONTEXT ReqContext, DWORD Timeout)
{
    if (WaitForSingleObject(ReqContext->CompletionEvent, Timeout) != WAIT_OBJECT_0) {
        printf("%s: timed out after %u ms\n", ReqContext->Name, (unsigned)Timeout);
        return FALSE;
    }
    return TRUE;
}

/* Closes the request's handles, waits for their HANDLE_CLOSING, then frees the context. Returns
 * FALSE if a HANDLE_CLOSING did not come (the context is then leaked on purpose: a callback
 * might still use it). */
static BOOL CleanUpRequestContext(PREQUEST_CONTEXT ReqContext)
{
    if (ReqContext == NULL)
        return TRUE;
    int Expected = 0;
    if (ReqContext->RequestHandle != NULL) {
        CloseRequestHandle(ReqContext);
        Expected++;
    }
    if (ReqContext->ConnectHandle != NULL) {
        /* The request is closed or closing: nothing uses the connect handle any more. */
        if (!InternetCloseHandle(ReqContext->ConnectHandle))
            LogInetError(GetLastError(), "InternetCloseHandle");
        Expected++;
    }
    for (;;) {
        EnterCriticalSection(&ReqContext->CriticalSection);
        int Closed = ReqContext->HandlesClosed;
        LeaveCriticalSection(&ReqContext->CriticalSection);
        if (Closed >= Expected)
            break;
        if (WaitForSingleObject(ReqContext->CleanUpEvent, DEFAULT_TIMEOUT) != WAIT_OBJECT_0) {
            printf("FAILED %s: %d HANDLE_CLOSING notifications of %d\n", ReqContext->Name, Closed, Expected);
            return FALSE;
        }
    }
    if (ReqContext->UploadFile != NULL)
        fclose(ReqContext->UploadFile);
    if (ReqContext->DownloadFile != NULL)
        fclose(ReqContext->DownloadFile);
    if (ReqContext->CompletionEvent != NULL)
        CloseHandle(ReqContext->CompletionEvent);
    if (ReqContext->CleanUpEvent != NULL)
        CloseHandle(ReqContext->CleanUpEvent);
    if (ReqContext->CritSecInitialized)
        DeleteCriticalSection(&ReqContext->CriticalSection);
    free(ReqContext->OutputBuffer);
    free(ReqContext);
    return TRUE;
}

/* ---- checking the results ---------------------------------------------------------------- */

/* Reads a whole file; NULL on failure. */
static unsigned char *ReadWholeFile(const char *Path, size_t *Len)
{
    FILE *f = fopen(Path, "rb");
    if (f == NULL)
        return NULL;
    unsigned char *data = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len == cap) {
            cap = cap ? cap * 2 : 65536;
            unsigned char *grown = (unsigned char *)realloc(data, cap);
            if (grown == NULL) {
                free(data);
                fclose(f);
                return NULL;
            }
            data = grown;
        }
        size_t n = fread(data + len, 1, cap - len, f);
        len += n;
        if (n == 0)
            break;
    }
    fclose(f);
    *Len = len;
    return data;
}

static bool CheckFile(const char *What, const char *Path, const unsigned char *Want, size_t WantLen)
{
    size_t len = 0;
    unsigned char *got = ReadWholeFile(Path, &len);
    bool ok = got != NULL && len == WantLen && memcmp(got, Want, len) == 0;
    if (got == NULL) {
        printf("FAILED %s: cannot read %s\n", What, Path);
    } else if (!ok) {
        size_t i = 0;
        while (i < len && i < WantLen && got[i] == Want[i])
            i++;
        printf("FAILED %s: %zu bytes, expected %zu; first difference at byte %zu\n", What, len, WantLen, i);
    } else {
        printf("ok %s: %zu bytes, byte for byte\n", What, len);
    }
    free(got);
    return ok;
}

int main(int argc, char **argv)
{
    if (argc < 3 || atoi(argv[2]) <= 0 || atoi(argv[2]) > 65535) {
        printf("usage: %s <host> <port>\n", argc > 0 ? argv[0] : "async_example");
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    const char *HostName = argv[1];
    INTERNET_PORT Port = (INTERNET_PORT)atoi(argv[2]);
    InitializeCriticalSection(&StatsLock);

    /* Working files: the upload file, and one download file per request. */
    char Dir[] = "/tmp/rinet-async-example-XXXXXX";
    if (mkdtemp(Dir) == NULL) {
        LogSysError("mkdtemp");
        return 1;
    }
    char UploadPath[128], GetOut[128], EchoOut[128], HashOut[128];
    snprintf(UploadPath, sizeof UploadPath, "%s/upload.bin", Dir);
    snprintf(GetOut, sizeof GetOut, "%s/get.out", Dir);
    snprintf(EchoOut, sizeof EchoOut, "%s/echo.out", Dir);
    snprintf(HashOut, sizeof HashOut, "%s/hash.out", Dir);

    unsigned char *Upload = (unsigned char *)malloc(UPLOAD_SIZE);
    unsigned char *Pattern = (unsigned char *)malloc(GET_SIZE);
    if (Upload == NULL || Pattern == NULL)
        return 1;
    uint32_t x = 2463534242u;
    uint64_t Hash = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < UPLOAD_SIZE; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        Upload[i] = (unsigned char)(x >> 24);
        Hash = (Hash ^ Upload[i]) * 0x00000100000001b3ULL;
    }
    for (size_t i = 0; i < GET_SIZE; i++)
        Pattern[i] = (unsigned char)('a' + i % 26);
    char HashReply[64];
    snprintf(HashReply, sizeof HashReply, "%u %016" PRIx64, (unsigned)UPLOAD_SIZE, Hash);
    FILE *f = fopen(UploadPath, "wb");
    if (f == NULL || fwrite(Upload, 1, UPLOAD_SIZE, f) != UPLOAD_SIZE || fclose(f) != 0) {
        LogSysError("writing the upload file");
        return 1;
    }

    int status = 1;
    bool CanFree = true;
    struct {
        const char *Name;
        DWORD Method;
        const char *Resource;
        const char *Output;
        PREQUEST_CONTEXT Ctx;
    } Requests[3] = {
        {"GET " GET_PATH, METHOD_GET, GET_PATH, GetOut, NULL},
        {"POST /echo", METHOD_POST, "/echo", EchoOut, NULL},
        {"POST /upload", METHOD_POST, "/upload", HashOut, NULL},
    };

    HINTERNET SessionHandle = InternetOpen("WinInet HTTP Async Session", INTERNET_OPEN_TYPE_PRECONFIG, NULL, NULL,
                                           INTERNET_FLAG_ASYNC);
    if (SessionHandle == NULL) {
        LogInetError(GetLastError(), "InternetOpen");
        goto Exit;
    }
    if (InternetSetStatusCallback(SessionHandle, (INTERNET_STATUS_CALLBACK)CallBack) ==
        INTERNET_INVALID_STATUS_CALLBACK) {
        LogInetError(GetLastError(), "InternetSetStatusCallback");
        goto Exit;
    }

    for (int i = 0; i < 3; i++) {
        DWORD Error = AllocateAndInitializeRequestContext(Requests[i].Name, Requests[i].Method, UploadPath,
                                                          Requests[i].Output, &Requests[i].Ctx);
        if (Error != ERROR_SUCCESS)
            goto Exit;
        Error = CreateWininetHandles(Requests[i].Ctx, SessionHandle, HostName, Port, Requests[i].Resource);
        if (Error != ERROR_SUCCESS)
            goto Exit;
    }

    /* Send out the requests; the callback carries each on. */
    for (int i = 0; i < 3; i++)
        ProcessRequest(Requests[i].Ctx, ERROR_SUCCESS);

    bool AllDone = true;
    for (int i = 0; i < 3; i++) {
        PREQUEST_CONTEXT Ctx = Requests[i].Ctx;
        if (!WaitForRequestCompletion(Ctx, DEFAULT_TIMEOUT)) {
            AllDone = false;
            continue;
        }
        if (Ctx->Error != ERROR_SUCCESS) {
            printf("FAILED %s: stopped with error %u\n", Ctx->Name, (unsigned)Ctx->Error);
            AllDone = false;
            continue;
        }
        DWORD Code = 0, Len = sizeof Code;
        BOOL Got = FALSE;
        if (AcquireRequestHandle(Ctx)) {
            Got = HttpQueryInfo(Ctx->RequestHandle, HTTP_QUERY_STATUS_CODE | HTTP_QUERY_FLAG_NUMBER, &Code, &Len, NULL);
            ReleaseRequestHandle(Ctx);
        }
        if (!Got || Code != HTTP_STATUS_OK) {
            printf("FAILED %s: status %u\n", Ctx->Name, (unsigned)Code);
            AllDone = false;
        }
        if (fflush(Ctx->DownloadFile) != 0) {
            LogSysError("flushing a download file");
            AllDone = false;
        }
        if (Ctx->Method == METHOD_POST && !(Ctx->EndRequestPending && Ctx->EndRequestCompleted)) {
            printf("FAILED %s: HttpEndRequest(..., 0) did not complete with the request's context\n", Ctx->Name);
            AllDone = false;
        }
    }
    if (!AllDone)
        goto Exit;

    bool Match = CheckFile("GET " GET_PATH " written to a file", GetOut, Pattern, GET_SIZE);
    Match &= CheckFile("POST /echo of the uploaded file", EchoOut, Upload, UPLOAD_SIZE);
    Match &= CheckFile("POST /upload: length and hash of the uploaded file", HashOut, (const unsigned char *)HashReply,
                       strlen(HashReply));
    if (Match)
        status = 0;

Exit:
    for (int i = 0; i < 3; i++) {
        PREQUEST_CONTEXT Ctx = Requests[i].Ctx;
        if (Ctx != NULL && Ctx->Violations != 0) {
            printf("FAILED %s: %u malformed notifications\n", Ctx->Name, Ctx->Violations);
            status = 1;
        }
        if (!CleanUpRequestContext(Ctx)) {
            CanFree = false;
            status = 1;
        }
    }
    if (SessionHandle != NULL)
        InternetCloseHandle(SessionHandle);
    if (ZeroContextNotifications != 0) {
        printf("FAILED: %u notifications carried a context of 0\n", ZeroContextNotifications);
        status = 1;
    }
    remove(UploadPath);
    remove(GetOut);
    remove(EchoOut);
    remove(HashOut);
    rmdir(Dir);
    free(Upload);
    free(Pattern);
    if (CanFree)
        DeleteCriticalSection(&StatsLock);
    printf("%s\n", status == 0 ? "OK" : "FAILED");
    return status;
}
