import { Controller, Get, Header } from '@nestjs/common';
import { Access } from '../auth/access';
import { DOCS_PATH, openApiDocument } from './openapi-document';

/** The reference UI's page: scripts are files (the CSP allows no inline script). */
const DOCS_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>COP Meeting Services API</title>
<link rel="stylesheet" href="${DOCS_PATH}/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="${DOCS_PATH}/assets/swagger-ui-bundle.js"></script>
<script src="${DOCS_PATH}/init.js"></script></body></html>`;

const INIT_SCRIPT = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', deepLinking: true });`;

@Controller('api')
export class OpenApiController {
  @Get('openapi.json')
  @Access('anyone')
  @Header('Cache-Control', 'public, max-age=300')
  document() {
    return openApiDocument();
  }

  @Get('docs')
  @Access('anyone')
  @Header('Content-Type', 'text/html; charset=utf-8')
  page() {
    return DOCS_PAGE;
  }

  @Get('docs/init.js')
  @Access('anyone')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  init() {
    return INIT_SCRIPT;
  }
}
