/* The LMS side of the test harness pages: every API call the SCO makes is recorded in
   window.calls (name, element, value, result, error code), so the tests can check each
   value against the standard's own data-model types, independently of what scorm-again
   accepts. record(api, version, faults) puts a recording facade where the SCO looks for the
   API; window.LMS stays the real data model.
   faults: {throwOn: regex of method names that throw, falseOn: regex of method names that
   answer "false", refuse: regex of elements SetValue refuses}. */
window.calls = [];
window.record = function (api, version, faults) {
  window.LMS = api;
  faults = faults || {};
  var names = version === "1.2"
    ? ["LMSInitialize", "LMSFinish", "LMSGetValue", "LMSSetValue", "LMSCommit", "LMSGetLastError", "LMSGetErrorString", "LMSGetDiagnostic"]
    : ["Initialize", "Terminate", "GetValue", "SetValue", "Commit", "GetLastError", "GetErrorString", "GetDiagnostic"];
  var lastError = version === "1.2" ? "LMSGetLastError" : "GetLastError", injected = null;
  var facade = { cmi: api.cmi };
  names.forEach(function (name) {
    facade[name] = function (a, b) {
      var rec = { fn: name, el: a, value: b };
      if (window.vanished) { rec.thrown = true; window.calls.push(rec); throw new Error("the LMS API is gone"); }
      if (name === lastError && injected) { window.calls.push({ fn: name, result: injected }); return injected; }
      injected = null;
      if (faults.throwOn && new RegExp(faults.throwOn).test(name) && !/GetLastError|GetErrorString|GetDiagnostic/.test(name)) {
        rec.thrown = true; window.calls.push(rec); throw new Error("injected fault in " + name);
      }
      if (faults.falseOn && new RegExp(faults.falseOn).test(name)) {
        rec.result = "false"; rec.injected = true; injected = "101"; window.calls.push(rec); return "false";
      }
      if (/SetValue$/.test(name) && faults.refuse && new RegExp(faults.refuse).test(a)) {
        rec.result = "false"; rec.injected = true; injected = "351"; window.calls.push(rec); return "false";
      }
      var result = api[name](a, b);
      rec.result = String(result);
      if (/SetValue$|Commit$|Initialize$|Finish$|Terminate$/.test(name)) rec.error = String(api[lastError]());
      window.calls.push(rec);
      return result;
    };
  });
  if (version === "1.2") { window.API = facade; } else { window.API_1484_11 = facade; }
  return facade;
};
// The LMS's frame goes away mid-session: the API object is removed and any
// reference the SCO kept throws from now on.
window.vanish = function () {
  window.vanished = true;
  delete window.API; delete window.API_1484_11;
};
