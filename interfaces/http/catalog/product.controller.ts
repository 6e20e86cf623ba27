import type { Request, Response } from 'express';
import type { ProductUseCases } from '../../../domain/catalog/use-cases/catalog-use-cases.js';
import { ifMatch } from '../conditional/if-match.js';
import { DEFAULT_PAGE_SIZE, encodeCursor, setPageHeaders } from '../paging.js';
import { parseRequest } from '../validation.js';
import { encodeProductCursor, listProductsQuery } from './catalog-list.schemas.js';
import { presentProduct } from './catalog.presenters.js';
import { createProductBody, deleteBody, idParams, updateProductBody } from './catalog.schemas.js';


export class ProductController {
  constructor(private readonly useCases: ProductUseCases) {}

  list = async (req: Request, res: Response) => {
    const query = parseRequest(listProductsQuery, req.query, 'query');
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const page = await this.useCases.list.execute({
      filter: {
        categoryId: query.category_id,
        tagIds: query.tag_id,
        priceMin: query.price_min,
        priceMax: query.price_max,
        inStock: query.in_stock,
        searchKeys: query.q,
      },
      sort: query.sort,
      limit,
      after: query.after,
      withTotal: query.count,
    });
    const next = page.next && encodeCursor(encodeProductCursor(page.next));
    setPageHeaders(res, '/api/products', { ...(req.query as Record<string, string>), limit }, next, page.total);
    res.json(page.products.map(presentProduct));
  };

  get = async (req: Request, res: Response) => {
    const { id } = parseRequest(idParams, req.params, 'path');
    res.json(presentProduct(await this.useCases.get.execute(id)));
  };

  create = async (req: Request, res: Response) => {
    const body = parseRequest(createProductBody, req.body, 'body');
    const product = await this.useCases.create.execute({
      name: body.product_name,
      price: body.price,
      stock: body.stock,
      categoryId: body.category_id,
      tagIds: body.tagIds,
    });
    res.status(201).location(`/api/products/${product.id}`).json(presentProduct(product));
  };

  update = async (req: Request, res: Response) => {
    const { id } = parseRequest(idParams, req.params, 'path');
    const body = parseRequest(updateProductBody, req.body, 'body');
    const product = await this.useCases.update.execute({
      id,
      name: body.product_name,
      price: body.price,
      stock: body.stock,
      categoryId: body.category_id,
      tagIds: body.tagIds,
    }, ifMatch(req, presentProduct));
    res.json(presentProduct(product));
  };

  delete = async (req: Request, res: Response) => {
    const { id } = parseRequest(idParams, req.params, 'path');
    parseRequest(deleteBody, req.body, 'body');
    await this.useCases.delete.execute(id, ifMatch(req, presentProduct));
    res.status(204).end();
  };
}
