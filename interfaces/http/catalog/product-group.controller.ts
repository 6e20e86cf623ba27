import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { ProductGroup } from '../../../domain/catalog/product-group.js';
import type { ProductGroupUseCases } from '../../../domain/catalog/use-cases/catalog-use-cases.js';
import { ifMatch } from '../conditional/if-match.js';
import { DEFAULT_PAGE_SIZE, encodeCursor, setPageHeaders } from '../paging.js';
import { parseRequest } from '../validation.js';
import { listGroupsQuery } from './catalog-list.schemas.js';
import { withPresentedProducts } from './catalog.presenters.js';
import { deleteBody, idParams } from './catalog.schemas.js';

export interface ProductGroupResource {
  /** "/api/categories" or "/api/tags", for Location headers. */
  readonly path: string;
  readonly body: z.ZodType<Record<string, string>>;
  readonly nameField: string;
  readonly present: (group: ProductGroup) => object;
  /** The product list filter that shows all of a group's products: "category_id" or "tag_id". */
  readonly productFilter: string;
}

/** Categories and tags: the same five routes over a different resource. */
export class ProductGroupController {
  private readonly presentDetails;

  constructor(
    private readonly useCases: ProductGroupUseCases,
    private readonly resource: ProductGroupResource,
  ) {
    this.presentDetails = withPresentedProducts(resource.present, resource.productFilter);
  }

  list = async (req: Request, res: Response) => {
    const query = parseRequest(listGroupsQuery, req.query, 'query');
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const page = await this.useCases.list.execute({ limit, afterId: query.afterId, withTotal: query.count });
    const next = page.nextAfterId === null ? null : encodeCursor([page.nextAfterId]);
    setPageHeaders(res, this.resource.path, { ...(req.query as Record<string, string>), limit }, next, page.total);
    res.json(page.groups.map(this.presentDetails));
  };

  get = async (req: Request, res: Response) => {
    const { id } = parseRequest(idParams, req.params, 'path');
    res.json(this.presentDetails(await this.useCases.get.execute(id)));
  };

  create = async (req: Request, res: Response) => {
    const body = parseRequest(this.resource.body, req.body, 'body');
    const group = await this.useCases.create.execute({ name: body[this.resource.nameField]! });
    res.status(201).location(`${this.resource.path}/${group.id}`).json(this.resource.present(group));
  };

  update = async (req: Request, res: Response) => {
    const { id } = parseRequest(idParams, req.params, 'path');
    const body = parseRequest(this.resource.body, req.body, 'body');
    const group = await this.useCases.rename.execute({ id, name: body[this.resource.nameField]! }, ifMatch(req, this.presentDetails));
    res.json(this.resource.present(group));
  };

  delete = async (req: Request, res: Response) => {
    const { id } = parseRequest(idParams, req.params, 'path');
    parseRequest(deleteBody, req.body, 'body');
    await this.useCases.delete.execute(id, ifMatch(req, this.presentDetails));
    res.status(204).end();
  };
}
