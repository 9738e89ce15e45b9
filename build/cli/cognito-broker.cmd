@echo off
rem The `cognito-broker` command shipped inside the Cognito Broker app (Windows). It runs the bundled CLI
rem with the app's own Node.js (ELECTRON_RUN_AS_NODE=1; see electron-builder.yml for the fuse this needs).
rem ~/.aws/config profiles written by this CLI point at this file.
setlocal
set "ELECTRON_RUN_AS_NODE=1"
set "COGNITO_BROKER_LAUNCHER=%~f0"
"%~dp0..\..\Cognito Broker.exe" "%~dp0..\app.asar\dist\cli\cognito-broker.cjs" %*
exit /b %ERRORLEVEL%
